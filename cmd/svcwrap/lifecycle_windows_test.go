package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/windows"

	"github.com/svcpack/svcpack/internal/acltest"
	"github.com/svcpack/svcpack/internal/linktest"
	"github.com/svcpack/svcpack/service"
	"github.com/svcpack/svcpack/service/exitcode"
)

const testService = "svcwraptest"

// TestWrappedProgramLifecycle drives the real svcwrap.exe, renamed and
// configured beside itself, through the real SCM (Wine's here, Windows' in
// CI) with the C console program examples/wrapdemo/console/console.c: install, start
// gated on its TCP health check, its stdout and stderr in the output log,
// stop, no process of its tree left, uninstall.
func TestWrappedProgramLifecycle(t *testing.T) {
	dir := filepath.Join(os.Getenv("ProgramFiles"), "svcpack test", "wrapped")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, testService+".exe")
	copyFile(t, svcwrapExe(t), exe)
	copyFile(t, env(t, "WRAP_CHILD_EXE"), filepath.Join(dir, "child.exe"))
	port := freePort(t)
	writeConfig(t, exe, fmt.Sprintf(`name: %s
program: child.exe
args: [break-exit, "0", spawn, out, "hello out", err, "hello err", sleep, "500", listen, "%d", hang]
health: {tcp: "127.0.0.1:%d", interval: 100ms}
stop: {grace: 3s}
`, testService, port, port))

	runExe(t, exe, 0, "service", "install")
	t.Cleanup(func() { _ = exec.Command(exe, "service", "uninstall").Run() })
	runExe(t, exe, 0, "service", "start")
	if out := runExe(t, exe, 0, "service", "status"); !strings.Contains(out, "RUNNING") {
		t.Fatalf("status after start:\n%s", out)
	}
	// RUNNING only once the health check passed: the port answers now.
	c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatalf("RUNNING before the program listened: %v", err)
	}
	c.Close()

	outLog := filepath.Join(service.DataDir(testService), "logs", testService+".output.log")
	captured := waitForFile(t, outLog, "listening=")
	for _, want := range []string{" stdout | hello out\n", " stderr | hello err\n", " stdout | grandchild="} {
		if !strings.Contains(captured, want) {
			t.Errorf("output log lacks %q:\n%s", want, captured)
		}
	}
	i := strings.Index(captured, "grandchild=")
	grandchild, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(captured[i+len("grandchild="):], "\n", 2)[0]))

	runExe(t, exe, 0, "service", "stop")
	if out := runExe(t, exe, 0, "service", "status"); !strings.Contains(out, "STOPPED") {
		t.Fatalf("status after stop:\n%s", out)
	}
	if grandchild == 0 || alive(grandchild) {
		t.Errorf("the program's child (pid %d) outlived the stop", grandchild)
	}
	// The stop reached the program as Ctrl+Break and it exited by itself.
	after, _ := os.ReadFile(outLog)
	svcLog, _ := os.ReadFile(filepath.Join(service.DataDir(testService), "logs", testService+".log"))
	if strings.Contains(string(svcLog), "sending Ctrl+Break failed") && linktest.UnderWine() {
		t.Log("NOT VERIFIABLE HERE (Wine 8.0): GenerateConsoleCtrlEvent fails in the service too (docs/platform.md); " +
			"the stop ended the tree instead; asserted on Windows")
	} else if !strings.Contains(string(after), " stdout | ctrl-break\n") || !strings.Contains(string(svcLog), `"program stopped" exit_code=0`) {
		t.Errorf("the program did not get Ctrl+Break and exit with 0 by itself; output:\n%s\nservice log:\n%s", after, svcLog)
	}
	runExe(t, exe, 0, "service", "uninstall")
}

// A bad value in the config file stops the program before anything runs, with
// the config exit code and a message naming the key.
func TestBadConfigNamesTheKey(t *testing.T) {
	dir := filepath.Join(os.TempDir(), "svcwrap-badconfig")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "bad.exe")
	copyFile(t, env(t, "SVCWRAP_EXE"), exe)
	writeConfig(t, exe, "name: bad\nprogram: child.exe\nrestart: {policy: sometimes}\n")
	out := runExe(t, exe, exitcode.Config)
	if !strings.Contains(out, `restart.policy: "sometimes" is not valid: expected on-failure, always or never`) {
		t.Errorf("the message does not name the key, value and expected form:\n%s", out)
	}
	// Installing a service whose config cannot run is refused.
	if out := runExe(t, exe, exitcode.Config, "service", "install"); !strings.Contains(out, "restart.policy") {
		t.Errorf("install with a bad config:\n%s", out)
	}
	if out := runExe(t, exe, exitcode.SCMError, "service", "status"); !strings.Contains(strings.ToLower(out), "not") {
		t.Errorf("status after a refused install:\n%s", out)
	}
}

// svcwrapExe is the svcwrap to run a service with: the one that ships, under
// Wine too (its trust check accepts what only the account running it may
// write, and Wine reports every file as that account's, docs/platform.md).
func svcwrapExe(t *testing.T) string { return env(t, "SVCWRAP_EXE") }

// TestUntrustedConfigRefused: a wrapper whose config another account may
// write is not installed: exit 3, naming the config file, who may write it
// and what to do. Everyone is given write access to the config (Wine turns
// that entry into mode bits and reports it back, internal/acltest).
func TestUntrustedConfigRefused(t *testing.T) {
	dir := filepath.Join(os.TempDir(), "svcwrap-untrusted")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "untrusted.exe")
	copyFile(t, env(t, "SVCWRAP_EXE"), exe)
	copyFile(t, env(t, "WRAP_CHILD_EXE"), filepath.Join(dir, "child.exe"))
	writeConfig(t, exe, "name: untrusted\nprogram: child.exe\n")
	acltest.GrantEveryoneWrite(t, strings.TrimSuffix(exe, ".exe")+".yaml")
	out := runExe(t, exe, exitcode.Config, "service", "install")
	cfg := strings.TrimSuffix(exe, ".exe") + ".yaml"
	if !strings.Contains(out, cfg+" ") || !strings.Contains(out, "Program Files") ||
		!(strings.Contains(out, " is owned by ") || strings.Contains(out, " may be written by ")) {
		t.Errorf("install of an untrusted config:\n%s", out)
	}
	wantSetupEvent(t, "untrusted", cfg+" may be written by ")
	if out := runExe(t, exe, exitcode.SCMError, "service", "status"); !strings.Contains(strings.ToLower(out), "not") {
		t.Errorf("status after a refused install:\n%s", out)
	}
}

// wantSetupEvent: a refused install or configure is event 115 of the
// service's source, naming the reason (the MSI's configure action keeps no
// output). Wine accepts events but cannot read them back.
func wantSetupEvent(t *testing.T, source, text string) {
	t.Run("event 115", func(t *testing.T) {
		if linktest.UnderWine() {
			t.Skip("NOT VERIFIABLE HERE (Wine): its Event Log cannot be read back (docs/platform.md); asserted on Windows")
		}
		q := "/q:*[System[Provider[@Name='" + source + "'] and (EventID=115)]]"
		out, err := exec.Command("wevtutil", "qe", "Application", q, "/c:1", "/rd:true", "/f:text").CombinedOutput()
		if err != nil || !strings.Contains(string(out), text) {
			t.Errorf("wevtutil: %v; want event 115 from %s mentioning %q, got:\n%s", err, source, text, out)
		}
	})
}

func env(t *testing.T, name string) string {
	t.Helper()
	p := os.Getenv(name)
	if p == "" {
		t.Fatalf("%s is unset: run through `go tool mage test`, which builds it", name)
	}
	abs, err := filepath.Abs(p) // under Wine: the Z:\ path of a Linux one
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err == nil {
		err = os.WriteFile(to, b, 0o755)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func writeConfig(t *testing.T, exe, text string) {
	t.Helper()
	if err := os.WriteFile(strings.TrimSuffix(exe, ".exe")+".yaml", []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// runExe runs exe and checks its exit code; it returns the combined output.
func runExe(t *testing.T, exe string, want int, args ...string) string {
	t.Helper()
	out, err := exec.Command(exe, args...).CombinedOutput()
	code := 0
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %s: %v", exe, strings.Join(args, " "), err)
	}
	if code != want {
		t.Fatalf("%s %s: exit %d, want %d:\n%s", exe, strings.Join(args, " "), code, want, out)
	}
	return string(out)
}

func waitForFile(t *testing.T, path, s string) string {
	t.Helper()
	var b []byte
	for range 100 {
		b, _ = os.ReadFile(path)
		if strings.Contains(string(b), s) {
			return string(b)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s has no %q after 10s:\n%s", path, s, b)
	return ""
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
