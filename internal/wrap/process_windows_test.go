package wrap

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/windows"

	"github.com/svcpack/svcpack/internal/linktest"
	"github.com/svcpack/svcpack/internal/testtemp"
)

// These tests run the real Windows process code against examples/wrapdemo/console/console.c (the sample wrapped program),
// built with mingw by `go tool mage test` (WRAP_CHILD_EXE).
func childExe(t *testing.T) string {
	t.Helper()
	p := os.Getenv("WRAP_CHILD_EXE")
	if p == "" {
		t.Fatal("WRAP_CHILD_EXE is unset: run through `go tool mage test`, which builds examples/wrapdemo/console/console.c (the sample wrapped program) with x86_64-w64-mingw32-gcc")
	}
	return p
}

// lineLog collects the captured lines and lets a test wait for one.
type lineLog struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	added chan struct{}
}

func newLineLog() *lineLog { return &lineLog{added: make(chan struct{}, 1)} }

func (l *lineLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	select {
	case l.added <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (l *lineLog) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.buf.String() }

// waitFor waits for a captured line containing s and returns its text.
func (l *lineLog) waitFor(t *testing.T, s string) string {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		for _, line := range strings.Split(l.String(), "\n") {
			if strings.Contains(line, s) {
				return line
			}
		}
		select {
		case <-l.added:
		case <-deadline:
			t.Fatalf("no line with %q in 30s; captured:\n%s", s, l.String())
		}
	}
}

func childConfig(t *testing.T, args ...string) Config {
	t.Helper()
	c, err := Parse([]byte("name: wraptest\nprogram: x.exe\nstop: {grace: 3s}\n"), `C:\`, "wraptest")
	if err != nil {
		t.Fatal(err)
	}
	c.Program, c.Args = childExe(t), args
	return c
}

func start(t *testing.T, c Config) (Process, *lineLog) {
	t.Helper()
	out := newLineLog()
	p, err := StartProcess(c, NewLineSink(out, time.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Kill(); p.Close() })
	return p, out
}

func alive(pid int) bool {
	h, err := windows.OpenProcess(windows.SYNCHRONIZE, false, uint32(pid))
	if err != nil {
		return false
	}
	defer windows.CloseHandle(h)
	ev, _ := windows.WaitForSingleObject(h, 0)
	return ev == uint32(windows.WAIT_TIMEOUT)
}

func waitGone(t *testing.T, what string, pid int) {
	t.Helper()
	for i := 0; i < 100 && alive(pid); i++ {
		time.Sleep(100 * time.Millisecond)
	}
	if alive(pid) {
		t.Errorf("%s (pid %d) is still running", what, pid)
	}
}

// Arguments reach the program exactly as written: no shell, and quoting
// that the C runtime's parser undoes.
func TestHostileArgumentsArriveIntact(t *testing.T) {
	hostile := []string{"", "two words", "tab\there", `quote"inside`, `"quoted"`, `trailing\`, `trailing\\`,
		`back\"slash`, `\\server\share\`, "%PATH%", "a&b|c>d", "^caret", `C:\Program Files\x\`}
	p, out := start(t, childConfig(t, append([]string{"argv", "exit", "0"}, hostile...)...))
	<-p.Done()
	p.Close()
	for i, a := range hostile {
		want := fmt.Sprintf("stdout | arg[%d]=%s", i+4, a)
		if !strings.Contains(out.String(), want+"\n") {
			t.Errorf("argument %d %q did not arrive intact; want line %q in:\n%s", i, a, want, out.String())
		}
	}
}

func TestEnvironmentReachesProgram(t *testing.T) {
	dir := testtemp.Dir(t)
	file := dir + `\app.env`
	if err := os.WriteFile(file, []byte("WRAP_FROM_FILE=file value\r\nWRAP_SET=from file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("WRAP_INHERITED", "yes")
	t.Setenv("WRAP_REMOVED", "no")
	c := childConfig(t, "env", "WRAP_INHERITED", "env", "WRAP_REMOVED", "env", "WRAP_FROM_FILE", "env", "WRAP_SET", "env", "PATH")
	c.Env = EnvConfig{Files: []string{file}, Unset: []string{"wrap_removed"}, Set: map[string]string{"WRAP_SET": `a "b" %%PATH%% %wrap_inherited%`}}
	p, out := start(t, c)
	<-p.Done()
	p.Close()
	for _, want := range []string{"env WRAP_INHERITED=yes\n", "env WRAP_REMOVED unset\n", "env WRAP_FROM_FILE=file value\n",
		`env WRAP_SET=a "b" %PATH% yes` + "\n", "env PATH="} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("want %q in:\n%s", want, out.String())
		}
	}
}

func TestStopReachesChildAndItExitsCleanly(t *testing.T) {
	c := childConfig(t, "break-exit", "0", "out", "started", "hang")
	out := newLineLog()
	s := &Supervisor{Config: c, Start: StartProcess, Out: NewLineSink(out, time.Now), Log: slog.New(slog.NewTextHandler(out, nil)),
		Now: time.Now, After: time.After}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- s.Run(ctx, func() {}) }()
	out.waitFor(t, "stdout | started")
	cancel()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	log := out.String()
	ctrlBreakUnderWine(t, log)
	if !strings.Contains(log, "stdout | ctrl-break\n") || !strings.Contains(log, `msg="program stopped" exit_code=0`) ||
		strings.Contains(log, "event_id=203") {
		t.Errorf("the program did not get Ctrl+Break and exit by itself with 0:\n%s", log)
	}
}

func TestIgnoredSignalEndsTreeAfterGrace(t *testing.T) {
	c := childConfig(t, "break-ignore", "spawn", "out", "started", "hang")
	c.Stop.Steps = []StopStep{{Method: StopCtrlBreak, Wait: time.Second}}
	out := newLineLog()
	s := &Supervisor{Config: c, Start: StartProcess, Out: NewLineSink(out, time.Now), Log: slog.New(slog.NewTextHandler(out, nil)),
		Now: time.Now, After: time.After}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- s.Run(ctx, func() {}) }()
	line := out.waitFor(t, "stdout | grandchild=")
	out.waitFor(t, "stdout | started")
	grandchild, _ := strconv.Atoi(line[strings.Index(line, "=")+1:])
	if !alive(grandchild) {
		t.Fatalf("grandchild %d is not running before the stop", grandchild)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	waitGone(t, "the grandchild", grandchild)
	log := out.String()
	ctrlBreakUnderWine(t, log)
	if !strings.Contains(log, "ctrl-break ignored") || !strings.Contains(log, "event_id=203") {
		t.Errorf("want the signal ignored, then the tree ended after the grace:\n%s", log)
	}
}

// ctrlBreakUnderWine ends the test as not verifiable when Wine refused the
// Ctrl+Break (docs/platform.md: Wine 8.0's GenerateConsoleCtrlEvent fails
// with "Invalid access" without a console and "Invalid handle" after
// AllocConsole); what the test asserted before it stands.
func ctrlBreakUnderWine(t *testing.T, log string) {
	t.Helper()
	if linktest.UnderWine() && strings.Contains(log, "sending Ctrl+Break failed") {
		cause, _, _ := strings.Cut(log[strings.Index(log, "error="):], "\n")
		t.Skip("NOT VERIFIABLE HERE (Wine 8.0): GenerateConsoleCtrlEvent delivers no Ctrl+Break here (" +
			cause + "); the tree was ended instead; asserted on Windows")
	}
}

// The wrapper is a helper process (this test binary again); killing it with
// TerminateProcess, as a crash would, must end the program and its children.
func TestKillingWrapperLeavesNoChild(t *testing.T) {
	if os.Getenv("WRAP_TEST_HELPER") == "1" {
		p, err := StartProcess(childConfig(t, "spawn", "out", "up", "hang"), NewLineSink(os.Stdout, time.Now))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("child=%d\n", p.Pid())
		<-p.Done()
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillingWrapperLeavesNoChild$", "-test.v")
	cmd.Env = append(os.Environ(), "WRAP_TEST_HELPER=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var child, grandchild int
	sc := bufio.NewScanner(stdout)
	for (child == 0 || grandchild == 0) && sc.Scan() {
		l := sc.Text()
		if v, ok := strings.CutPrefix(l, "child="); ok {
			child, _ = strconv.Atoi(v)
		}
		if i := strings.Index(l, "grandchild="); i >= 0 {
			grandchild, _ = strconv.Atoi(l[i+len("grandchild="):])
		}
	}
	if child == 0 || grandchild == 0 {
		t.Fatalf("the helper did not report its child and grandchild (scan: %v)", sc.Err())
	}
	go func() {
		for sc.Scan() {
		}
	}()
	if err := cmd.Process.Kill(); err != nil { // TerminateProcess: no clean-up runs
		t.Fatal(err)
	}
	_ = cmd.Wait()
	waitGone(t, "the child", child)
	waitGone(t, "the grandchild", grandchild)
}

func TestRestartsRealProgramThenGivesUp(t *testing.T) {
	c := childConfig(t, "out", "run", "exit", "3")
	c.Restart.Delay, c.Restart.MaxDelay, c.Restart.MaxRestarts = 10*time.Millisecond, 40*time.Millisecond, 2
	out := newLineLog()
	s := &Supervisor{Config: c, Start: StartProcess, Out: NewLineSink(out, time.Now), Log: slog.New(slog.NewTextHandler(out, nil)),
		Now: time.Now, After: time.After}
	err := s.Run(context.Background(), func() {})
	if !errors.Is(err, ErrGaveUp) {
		t.Fatalf("Run = %v, want ErrGaveUp", err)
	}
	log := out.String()
	if n := strings.Count(log, "stdout | run\n"); n != 3 {
		t.Errorf("the program ran %d times, want 3 (2 restarts):\n%s", n, log)
	}
	if !strings.Contains(log, "restarting in 10ms") || !strings.Contains(log, "restarting in 20ms") || !strings.Contains(log, "(code 3)") {
		t.Errorf("want restarts after 10ms and 20ms, each naming exit code 3:\n%s", log)
	}
}

// 100 MB of numbered lines on stdout and stderr at once: every line arrives
// whole, once, in order, tagged with its stream.
func TestFloodNoLineLostOrTorn(t *testing.T) {
	v := &floodCheck{next: map[string]int{}}
	c := childConfig(t, "flood", "100")
	p, err := StartProcess(c, NewLineSink(v, time.Now))
	if err != nil {
		t.Fatal(err)
	}
	<-p.Done()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.err != nil {
		t.Fatal(v.err)
	}
	if v.total == 0 || v.next["stdout"]+v.next["stderr"] != v.total {
		t.Fatalf("lines seen stdout %d + stderr %d, the program wrote %d", v.next["stdout"], v.next["stderr"], v.total)
	}
	t.Logf("%d lines, %d MB captured", v.total, v.bytes>>20)
}

type floodCheck struct {
	mu    sync.Mutex
	next  map[string]int // next sequence number per stream
	total int            // from the program's "flood-done lines=N"
	bytes int
	err   error
}

func (v *floodCheck) Write(p []byte) (int, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.bytes += len(p)
	if v.err != nil {
		return len(p), nil
	}
	if p[len(p)-1] != '\n' {
		v.err = fmt.Errorf("a write ends inside a line: %.80q", p[max(0, len(p)-80):])
	}
	for _, l := range strings.Split(strings.TrimSuffix(string(p), "\n"), "\n") {
		tagged, text, ok := strings.Cut(l, " | ")
		stream := tagged[strings.LastIndexByte(tagged, ' ')+1:]
		if n, found := strings.CutPrefix(text, "flood-done lines="); found {
			v.total, _ = strconv.Atoi(n)
			continue
		}
		var seq int
		var name string
		_, err := fmt.Sscanf(text, "seq=%d stream=%s", &seq, &name)
		want := fmt.Sprintf("seq=%d stream=%s %s", seq, stream, strings.Repeat("x", 100))
		if !ok || err != nil || name != stream || text != want || seq/2 != v.next[stream] {
			v.err = fmt.Errorf("line %q: want %s line %d, whole and tagged %s", l, stream, v.next[stream], stream)
			return len(p), nil
		}
		v.next[stream]++
	}
	return len(p), nil
}

func TestHealthGatedStartWaitsForListener(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	c := childConfig(t, "out", "booting", "sleep", "1500", "listen", strconv.Itoa(port), "hang")
	c.Health = HealthConfig{TCP: fmt.Sprintf("127.0.0.1:%d", port), Interval: 100 * time.Millisecond}
	out := newLineLog()
	s := &Supervisor{Config: c, Start: StartProcess, Out: NewLineSink(out, time.Now), Log: slog.New(slog.NewTextHandler(out, nil)),
		Now: time.Now, After: time.After}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	var atReady string
	go func() { errc <- s.Run(ctx, func() { atReady = out.String(); cancel() }) }()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(atReady, "stdout | booting") || !strings.Contains(atReady, "listening=") {
		t.Errorf("ready before the program listened; captured at ready:\n%s", atReady)
	}
}

// The job's memory cap: the program cannot commit more than limits.memory.
func TestMemoryLimitHoldsTheTree(t *testing.T) {
	c := childConfig(t, "alloc", "256", "exit", "0")
	c.Limits.MemoryBytes = 64 << 20
	p, out := start(t, c)
	<-p.Done()
	p.Close()
	log := out.String()
	if strings.Contains(log, "alloc-ok") && linktest.UnderWine() {
		t.Skip("NOT VERIFIABLE HERE (Wine): the job accepts JOB_OBJECT_LIMIT_JOB_MEMORY but a 256 MiB commit under a 64 MiB cap succeeds; asserted on Windows")
	}
	if !strings.Contains(log, "alloc-failed") {
		t.Errorf("a 256 MiB commit under a 64 MiB job cap: want alloc-failed, got:\n%s", log)
	}
}
