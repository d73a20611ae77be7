package smoke

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/svc"

	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/service/clip"
)

// The cases of a wrapped product (svcpack.yaml's wrap section, run by
// svcwrap): each checks on the installed service what the section declares
// — the pre_start hook, the first stop step, rotation by time, exit_codes —
// reading the service log (svcwrap's decisions) and the output log (the
// program's and the commands' lines). A product without the section, or
// without the key a check needs, has nothing to check there: the case or
// subtest ends as SKIP, saying which key is absent.

// wrapped is the product's wrap section; without one the case is skipped.
func wrapped(t *testing.T) *product.Wrap {
	t.Helper()
	if prod.Wrap == nil {
		t.Skipf("%s has no wrap section: svcwrap's cases do not apply", prod.Name)
	}
	return prod.Wrap
}

// TestWrapHooksStopAndTimeRotation: after a default install, the pre_start
// hook ran and succeeded before the program started, its output in the
// output log; a stop is ended by the first of stop.steps (a stop command's
// own run logged as a success); and with output.rotate, the output log of an
// earlier period rotates at the next start's first line, into a compressed
// file with output.compress, holding every byte of the old log.
func TestWrapHooksStopAndTimeRotation(t *testing.T) {
	w := wrapped(t)
	fresh(t)
	install(t, v1)
	wantRunning(t, defaultAddr())

	t.Run("pre_start hook", func(t *testing.T) {
		if w.Hooks.PreStart == nil {
			t.Skip("no wrap.hooks.pre_start")
		}
		checkPreStartHook(t, 0, 0)
	})
	from := logSize(serviceLogPath())
	stopService(t)
	t.Run("first stop step", func(t *testing.T) { checkStoppedByFirstStep(t, w, from) })
	t.Run("rotation by time", func(t *testing.T) {
		if w.Output.Rotate == "" {
			t.Skip("no wrap.output.rotate")
		}
		checkTimeRotation(t, w)
	})
}

// checkPreStartHook: in the service log from offset svcFrom, the pre_start
// hook ended with exit code 0 before the program started; in the output log
// from outFrom, the hook's lines, tagged with its key.
func checkPreStartHook(t *testing.T, svcFrom, outFrom int64) {
	t.Helper()
	const ended = `msg="command ended" key=hooks.pre_start exit_code=0`
	log := waitLog(t, serviceLogPath(), svcFrom, ended)
	hook := strings.Index(log, ended)
	if started := strings.Index(log[hook:], `msg="program started"`); started < 0 {
		t.Errorf("service log: the program did not start after the pre_start hook:\n%s", tail(log, 20))
	}
	out := waitLog(t, outputLogPath(t), outFrom, " hooks.pre_start.std")
	if !strings.Contains(out, " hooks.pre_start.stdout | ") && !strings.Contains(out, " hooks.pre_start.stderr | ") {
		t.Errorf("output log lacks the pre_start hook's lines:\n%s", tail(out, 20))
	}
}

// checkStoppedByFirstStep: the stop that began at offset from of the service
// log was ended by stop.steps' first method (stop.grace alone: Ctrl+Break),
// a stop command having been started. (Its own exit code is not the point:
// svcwrap ends a command still running once the program has exited.)
func checkStoppedByFirstStep(t *testing.T, w *product.Wrap, from int64) {
	t.Helper()
	first := "ctrl_break"
	if len(w.Stop.Steps) > 0 {
		first = w.Stop.Steps[0].Method
	}
	if first != "command" {
		windowsOnly(t, "Wine cannot send "+first+" to a service's program (docs/platform.md)")
	}
	log := waitLog(t, serviceLogPath(), from, `msg="program stopped"`)
	if !strings.Contains(log, " stopped_by="+first+"\n") && !strings.Contains(log, " stopped_by="+first+" ") {
		t.Errorf("service log: the stop was not ended by stop.steps[0] (%s):\n%s", first, tail(log, 20))
	}
	if first == "command" && !strings.Contains(log, `msg="command started" key=stop.steps[0].command `) {
		t.Errorf("service log: the stop command was not started:\n%s", tail(log, 20))
	}
}

// checkTimeRotation: with the service stopped, the output log is dated one
// period back (hourly or daily: its modification time is what the log
// compares with the period's start when it is opened, service/internal/rotate);
// the next start's first line rotates it, and the rotated file — gzipped
// with output.compress — holds the old log byte for byte.
func checkTimeRotation(t *testing.T, w *product.Wrap) {
	t.Helper()
	period := map[string]time.Duration{"hourly": time.Hour, "daily": 24 * time.Hour}[w.Output.Rotate]
	back := period + time.Minute
	if age, err := time.ParseDuration(w.Output.MaxAge); err == nil && age <= back {
		t.Fatalf("wrap.output.max_age %s drops a file dated %v back at once: the rotated file cannot be looked at", w.Output.MaxAge, back)
	}
	if w.Output.MaxFiles != nil && *w.Output.MaxFiles == 0 {
		t.Skip("wrap.output.max_files 0 keeps no rotated file")
	}
	current := outputLogPath(t)
	old := readFile(t, current)
	if len(old) == 0 {
		t.Fatalf("%s is empty: nothing to rotate", current)
	}
	ext := ".log"
	if w.Output.Compress {
		ext = ".log.gz"
	}
	pattern := filepath.Join(filepath.Dir(current), prod.Name+".output.*"+ext)
	before, _ := filepath.Glob(pattern)
	mtime := time.Now().Add(-back)
	if err := os.Chtimes(current, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	startService(t)
	var rotated string
	waitUntil(t, "a new "+pattern, func() bool {
		now, _ := filepath.Glob(pattern)
		for _, f := range now {
			if !slices.Contains(before, f) {
				rotated = f
				return true
			}
		}
		return false
	})
	got := readRotated(t, rotated, w.Output.Compress)
	if string(got) != string(old) {
		t.Errorf("%s holds %d bytes, want the %d bytes of the log it rotated", rotated, len(got), len(old))
	}
	if now := readFile(t, current); len(now) == 0 || strings.HasPrefix(string(now), string(old)) {
		t.Errorf("%s was not started anew: %d bytes", current, len(now))
	}
}

// readRotated reads a rotated log, unpacking a gzipped one.
func readRotated(t *testing.T, path string, gzipped bool) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if gzipped {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}

// TestWrapExitCodes: with smoke.exit_path, the running program is asked to
// exit with the first code of each of wrap.exit_codes' lists: restart: the
// wrapper starts it again (the service stays RUNNING in the same process
// and answers again); success: the service stops cleanly, exit code 0, the
// program not started again; failure: the service stops with
// ERROR_SERVICE_SPECIFIC_ERROR and the program's code, which the SCM's
// recovery actions see.
func TestWrapExitCodes(t *testing.T) {
	w := wrapped(t)
	codes := w.ExitCodes
	if prod.Smoke.ExitPath == "" {
		t.Skip("no smoke.exit_path: the program cannot be asked to exit with a code, so wrap.exit_codes are not checked here")
	}
	fresh(t)
	install(t, v1)
	wantRunning(t, defaultAddr())

	t.Run("restart", func(t *testing.T) {
		code, ok := firstCode(t, codes.Restart)
		if !ok {
			t.Skip("no wrap.exit_codes.restart")
		}
		before, _ := serviceStatus(t)
		from := logSize(serviceLogPath())
		exitWith(t, code)
		exited := fmt.Sprintf("the program exited (code %d)", code)
		log := waitLog(t, serviceLogPath(), from, exited)
		waitLog(t, serviceLogPath(), from+int64(strings.Index(log, exited)), `msg="program started"`)
		wantRunning(t, defaultAddr())
		if after, _ := serviceStatus(t); after.ProcessId != before.ProcessId {
			t.Errorf("the service's process changed (%d, then %d): the SCM restarted the service, not svcwrap the program", before.ProcessId, after.ProcessId)
		}
	})
	t.Run("success", func(t *testing.T) {
		code, ok := firstCode(t, codes.Success)
		if !ok {
			t.Skip("no wrap.exit_codes.success")
		}
		from := logSize(serviceLogPath())
		st := exitAndStop(t, code)
		if st.Win32ExitCode != 0 || st.ServiceSpecificExitCode != 0 {
			t.Errorf("STOPPED with exit codes %d/%d, want 0/0 (a clean stop)", st.Win32ExitCode, st.ServiceSpecificExitCode)
		}
		log := waitLog(t, serviceLogPath(), from, "listed in exit_codes.success")
		if strings.Contains(log, `msg="program started"`) {
			t.Errorf("service log: the program was started again after a success code:\n%s", tail(log, 20))
		}
		startService(t) // for the next subtest
	})
	t.Run("failure", func(t *testing.T) {
		code, ok := firstCode(t, codes.Failure)
		if !ok {
			t.Skip("no wrap.exit_codes.failure")
		}
		from := logSize(serviceLogPath())
		st := exitAndStop(t, code)
		if st.Win32ExitCode != uint32(windows.ERROR_SERVICE_SPECIFIC_ERROR) || st.ServiceSpecificExitCode != code {
			t.Errorf("STOPPED with exit codes %d/%d, want %d (service-specific) and the program's %d",
				st.Win32ExitCode, st.ServiceSpecificExitCode, windows.ERROR_SERVICE_SPECIFIC_ERROR, code)
		}
		waitLog(t, serviceLogPath(), from, "listed in exit_codes.failure")
	})
}

// firstCode is the first code of one of wrap.exit_codes' lists.
func firstCode(t *testing.T, list []string) (uint32, bool) {
	t.Helper()
	if len(list) == 0 {
		return 0, false
	}
	var code uint32
	if _, err := fmt.Sscan(list[0], &code); err != nil {
		t.Fatalf("exit code %q: %v", list[0], err)
	}
	return code, true
}

// exitWith asks the running program, through smoke.exit_path, to exit with
// code: once, never retried (a retry could reach the program started again).
func exitWith(t *testing.T, code uint32) {
	t.Helper()
	url := "http://" + defaultAddr() + prod.Smoke.ExitURLPath(code)
	client := http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s (smoke.exit_path): %v\n%s", url, err, serviceLog())
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s (smoke.exit_path) = %d, want 200", url, resp.StatusCode)
	}
}

// exitAndStop asks the program to exit with code and waits for the service
// to stop by itself and its process to end; it returns the last status.
func exitAndStop(t *testing.T, code uint32) svc.Status {
	t.Helper()
	st, _ := serviceStatus(t)
	proc, err := windows.OpenProcess(windows.SYNCHRONIZE, false, st.ProcessId)
	if err != nil {
		t.Fatalf("open the service's process %d: %v", st.ProcessId, err)
	}
	defer windows.CloseHandle(proc)
	exitWith(t, code)
	waitUntil(t, prod.Name+" STOPPED after exit code "+fmt.Sprint(code), func() bool {
		st, _ = serviceStatus(t)
		return st.State == svc.Stopped
	})
	if ev, err := windows.WaitForSingleObject(proc, 30000); err != nil || ev != windows.WAIT_OBJECT_0 {
		t.Fatalf("service %s: its process did not exit within 30s of STOPPED (%v)", prod.Name, err)
	}
	return st
}

// --- logs

// outputLogPath is svcwrap's output log: wrap.output.dir (relative to the
// default install folder) or the service's log folder.
func outputLogPath(t *testing.T) string {
	dir := filepath.Join(dataDir(), "logs")
	if d := prod.Wrap.Output.Dir; d != "" {
		dir = d
		if !filepath.IsAbs(d) {
			dir = filepath.Join(defaultFolder(t), d)
		}
	}
	return filepath.Join(dir, prod.Name+".output.log")
}

// logSize is a log's size now: where the lines of what follows begin.
func logSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

// logFrom is the log at path from offset on (all of it when the file is
// shorter: it rotated meanwhile).
func logFrom(path string, offset int64) string {
	b, _ := os.ReadFile(path)
	if int64(len(b)) < offset {
		return string(b)
	}
	return string(b[offset:])
}

// waitLog waits for text in the log at path from offset on and returns that
// part of the log. The wait is a guard against a line written a moment
// after the state it follows, not a timing.
func waitLog(t *testing.T, path string, offset int64, text string) string {
	t.Helper()
	var log string
	waitUntil(t, clip.Quote(text)+" in "+path, func() bool {
		log = logFrom(path, offset)
		return strings.Contains(log, text)
	})
	return log
}

// waitUntil polls done for up to 30 seconds.
func waitUntil(t *testing.T, what string, done func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !done(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within 30s\n%s", what, serviceLog())
		}
	}
}
