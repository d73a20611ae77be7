package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/windows/svc"
	"golang.org/x/sys/windows/svc/mgr"

	"github.com/svcpack/svcpack/internal/linktest"
	"github.com/svcpack/svcpack/service"
	"github.com/svcpack/svcpack/service/exitcode"
)

const codesService = "svcwrapcodes"

// TestExitCodeAndHooksReachTheSCM drives the real svcwrap through the SCM
// (Wine's here, Windows' in CI): a failing pre_start hook fails the start
// with service-specific exit code 12 and its output in the output log, the
// program never run; then a program that exits with a code listed in
// exit_codes.failure stops the service with that code as its
// ServiceSpecificExitCode, which the SCM's recovery acts on; then Ctrl+C as
// the first stop step, sent on the wrapper's own console.
func TestExitCodeAndHooksReachTheSCM(t *testing.T) {
	dir := filepath.Join(os.Getenv("ProgramFiles"), "svcpack test", "codes")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, codesService+".exe")
	copyFile(t, svcwrapExe(t), exe)
	copyFile(t, env(t, "WRAP_CHILD_EXE"), filepath.Join(dir, "child.exe"))
	outLog := filepath.Join(service.DataDir(codesService), "logs", codesService+".output.log")
	_ = os.Remove(outLog) // an earlier run's lines would answer for this one

	writeConfig(t, exe, fmt.Sprintf(`name: %s
program: child.exe
args: [out, "program ran", hang]
hooks:
  pre_start: {command: [child.exe, out, "pre-start failing", exit, "7"], timeout: 20s}
`, codesService))
	runExe(t, exe, 0, "service", "install")
	t.Cleanup(func() { _ = exec.Command(exe, "service", "uninstall").Run() })
	out := runExe(t, exe, exitcode.PreStartFailed, "service", "start")
	if !strings.Contains(out, "service-specific exit code 12 (pre-start command failed)") {
		t.Errorf("start with a failing pre_start:\n%s", out)
	}
	if st := scmStatus(t); st.ServiceSpecificExitCode != exitcode.PreStartFailed {
		t.Errorf("ServiceSpecificExitCode %d, want %d", st.ServiceSpecificExitCode, exitcode.PreStartFailed)
	}
	captured := waitForFile(t, outLog, "pre-start failing")
	if !strings.Contains(captured, " hooks.pre_start.stdout | pre-start failing\n") || strings.Contains(captured, "program ran") {
		t.Errorf("output log after a failed pre_start:\n%s", captured)
	}

	// 70000: beyond 16 bits, the program's own code, listed as a failure.
	writeConfig(t, exe, fmt.Sprintf(`name: %s
program: child.exe
args: [out, "program ran", sleep, "3000", exit, "70000"]
exit_codes: {failure: [70000]}
hooks:
  pre_start: {command: [child.exe, out, "pre-start ok"], timeout: 20s}
`, codesService))
	runExe(t, exe, 0, "service", "start")
	st := waitStopped(t)
	if st.Win32ExitCode != 1066 || st.ServiceSpecificExitCode != 70000 {
		t.Errorf("exit codes %d/%d, want 1066 (service-specific) and the program's 70000", st.Win32ExitCode, st.ServiceSpecificExitCode)
	}
	captured = waitForFile(t, outLog, "program ran")
	if !strings.Contains(captured, " hooks.pre_start.stdout | pre-start ok\n") {
		t.Errorf("output log lacks the pre_start hook's line:\n%s", captured)
	}

	// Ctrl+C first: the program shares the wrapper's own console and group.
	writeConfig(t, exe, fmt.Sprintf(`name: %s
program: child.exe
args: [ctrlc-exit, "0", out, "waiting for ctrl-c", hang]
stop: {steps: [{method: ctrl_c, wait: 5s}]}
`, codesService))
	runExe(t, exe, 0, "service", "start")
	waitForFile(t, outLog, "waiting for ctrl-c")
	runExe(t, exe, 0, "service", "stop")
	after, _ := os.ReadFile(outLog)
	svcLog, _ := os.ReadFile(filepath.Join(service.DataDir(codesService), "logs", codesService+".log"))
	if linktest.UnderWine() && strings.Contains(string(svcLog), "sending Ctrl+C failed") {
		t.Skip("NOT VERIFIABLE HERE (Wine 8.0): GenerateConsoleCtrlEvent fails in a service (docs/platform.md); " +
			"the exit codes and hooks above were asserted; Ctrl+C's delivery is asserted on Windows")
	}
	if !strings.Contains(string(after), " stdout | ctrl-c\n") || !strings.Contains(string(svcLog), "stopped_by=ctrl_c") {
		t.Errorf("Ctrl+C did not end the program; output:\n%s\nservice log:\n%s", after, svcLog)
	}
}

func scmStatus(t *testing.T) svc.Status {
	t.Helper()
	m, err := mgr.Connect()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Disconnect()
	s, err := m.OpenService(codesService)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Query()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// waitStopped waits for the service to stop by itself.
func waitStopped(t *testing.T) svc.Status {
	t.Helper()
	var st svc.Status
	for range 300 {
		if st = scmStatus(t); st.State == svc.Stopped {
			return st
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the service did not stop by itself within 30s: state %d", st.State)
	return st
}
