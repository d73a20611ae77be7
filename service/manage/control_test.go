package manage

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/service/exitcode"
)

func TestStartFailsWithTheServiceExitCode(t *testing.T) {
	f := newFake()
	installed(f)
	f.startExit = &serviceStatus{State: stateStopped, Win32ExitCode: errServiceSpecific, ServiceSpecificExitCode: exitcode.Config}
	var out bytes.Buffer
	err := run(f.env(&out), testSpec, []string{"start"})
	if exitcode.Of(err) != exitcode.Config || !strings.Contains(err.Error(), "service-specific exit code 3 (config error)") {
		t.Fatalf("%v (exit %d)", err, exitcode.Of(err))
	}
	// A wrapped program's own code, passed to the SCM: named as such, not
	// as "unknown".
	f.startExit = &serviceStatus{State: stateStopped, Win32ExitCode: errServiceSpecific, ServiceSpecificExitCode: 70}
	err = run(f.env(&out), testSpec, []string{"start"})
	if err == nil || !strings.Contains(err.Error(), "service-specific exit code 70 (not a runtime code: the program's own)") {
		t.Fatalf("%v (exit %d)", err, exitcode.Of(err))
	}
	f.startExit = &serviceStatus{State: stateStopped, Win32ExitCode: 1053}
	err = run(f.env(&out), testSpec, []string{"start"})
	if exitcode.Of(err) != exitcode.StartFailed || !strings.Contains(err.Error(), "Win32 exit code 1053") {
		t.Fatalf("%v (exit %d)", err, exitcode.Of(err))
	}
}

func TestStopTimesOutWhileCheckpointsRise(t *testing.T) {
	f := newFake()
	s := installed(f)
	s.st = serviceStatus{State: stateRunning}
	f.stuck = true
	var out bytes.Buffer
	begin := f.clock
	err := run(f.env(&out), testSpec, []string{"stop", "--timeout", "20s"})
	if exitcode.Of(err) != exitcode.SCMError || !strings.Contains(err.Error(), "still STOP_PENDING after 20s") {
		t.Fatalf("%v", err)
	}
	if waited := f.clock.Sub(begin); waited < 20*time.Second || waited > 21*time.Second {
		t.Fatalf("waited %v for a 20s timeout", waited)
	}
}

func TestStopGivesUpWhenCheckpointStalls(t *testing.T) {
	f := newFake()
	s := installed(f)
	s.st = serviceStatus{State: stateRunning}
	f.stuck, f.stall = true, true
	var out bytes.Buffer
	begin := f.clock
	err := run(f.env(&out), testSpec, []string{"stop", "--timeout", "5m"})
	if err == nil || !strings.Contains(err.Error(), "not making progress") {
		t.Fatalf("%v", err)
	}
	if waited := f.clock.Sub(begin); waited > 3*time.Second {
		t.Fatalf("waited %v past a 2s wait hint", waited)
	}
}

func TestStopAndStartWhenAlreadyThere(t *testing.T) {
	f := newFake()
	installed(f)
	var out bytes.Buffer
	if err := run(f.env(&out), testSpec, []string{"stop"}); err != nil {
		t.Fatalf("stop of a stopped service: %v", err)
	}
	if err := run(f.env(&out), testSpec, []string{"start"}); err != nil {
		t.Fatal(err)
	}
	if err := run(f.env(&out), testSpec, []string{"start"}); err != nil {
		t.Fatalf("start of a running service: %v", err)
	}
}

func TestUninstall(t *testing.T) {
	f := newFake()
	s := installed(f)
	s.st = serviceStatus{State: stateRunning}
	f.eventSources["hellosvc"] = true
	var out bytes.Buffer
	if err := run(f.env(&out), testSpec, []string{"uninstall"}); err != nil {
		t.Fatal(err)
	}
	if len(f.services) != 0 || f.eventSources["hellosvc"] {
		t.Fatalf("left %v, %v", f.services, f.eventSources)
	}
	err := run(f.env(&out), testSpec, []string{"uninstall"})
	if exitcode.Of(err) != exitcode.SCMError || !strings.HasPrefix(err.Error(), `open service "hellosvc": `) {
		t.Fatalf("uninstall of a missing service: %v (exit %d)", err, exitcode.Of(err))
	}
}

// TestStartFailurePointsToTheLog: a failed start names the log file and the
// event log source where the service wrote why (finding 8).
func TestStartFailurePointsToTheLog(t *testing.T) {
	for _, exit := range []*serviceStatus{
		{State: stateStopped, Win32ExitCode: errServiceSpecific, ServiceSpecificExitCode: exitcode.Config},
		{State: stateStopped, Win32ExitCode: 1067},
	} {
		f := newFake()
		installed(f)
		f.startExit = exit
		err := run(f.env(&bytes.Buffer{}), testSpec, []string{"start"})
		for _, want := range []string{`%ProgramData%\hellosvc\logs\hellosvc.log`, `Application event log (source "hellosvc")`} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%+v: %v lacks %q", exit, err, want)
			}
		}
	}
	f := newFake()
	installed(f)
	f.stuck = true
	err := run(f.env(&bytes.Buffer{}), testSpec, []string{"start", "--timeout", "5s"})
	if err == nil || !strings.Contains(err.Error(), "still START_PENDING after 5s") || !strings.Contains(err.Error(), `logs\hellosvc.log`) {
		t.Errorf("start timeout: %v", err)
	}
}

// TestStopAndUninstallWaitOutPendingStates: a service that is
// START_PENDING or STOP_PENDING cannot take a stop (ERROR_SERVICE_CANNOT_ACCEPT_CTRL,
// 1061); stop and uninstall wait for the state to settle, then act (finding 9).
func TestStopAndUninstallWaitOutPendingStates(t *testing.T) {
	for _, cmd := range []string{"stop", "uninstall"} {
		for _, state := range []uint32{stateStartPending, stateStopPending} {
			f := newFake()
			s := installed(f)
			s.st, s.pending = serviceStatus{State: state, WaitHint: 2 * time.Second}, 3
			var out bytes.Buffer
			if err := run(f.env(&out), testSpec, []string{cmd}); err != nil {
				t.Errorf("%s while %s: %v", cmd, stateName(state), err)
				continue
			}
			if cmd == "stop" && s.st.State != stateStopped {
				t.Errorf("stop while %s: left %s", stateName(state), stateName(s.st.State))
			}
			if cmd == "uninstall" && len(f.services) != 0 {
				t.Errorf("uninstall while %s: service left", stateName(state))
			}
		}
	}
}

// TestStopWhilePendingIsBounded: a START_PENDING that never ends (while its
// checkpoint rises) fails after --timeout with the state, not raw 1061 text.
func TestStopWhilePendingIsBounded(t *testing.T) {
	f := newFake()
	s := installed(f)
	s.st, s.pending = serviceStatus{State: stateStartPending, WaitHint: 2 * time.Second}, 1
	f.stuck = true
	begin := f.clock
	err := run(f.env(&bytes.Buffer{}), testSpec, []string{"stop", "--timeout", "10s"})
	if exitcode.Of(err) != exitcode.SCMError || !strings.Contains(err.Error(), "still START_PENDING after 10s") {
		t.Fatalf("%v (exit %d)", err, exitcode.Of(err))
	}
	if waited := f.clock.Sub(begin); waited < 10*time.Second || waited > 11*time.Second {
		t.Fatalf("waited %v for a 10s timeout", waited)
	}
}

// TestStopOfADeadProcess: the service's process exited without telling the
// SCM, so the stop meets a closed pipe ("Pipe closed." under Wine). Once the
// SCM reports STOPPED the stop has succeeded and says what happened;
// otherwise the message says the process is gone and what to do (finding 8).
func TestStopOfADeadProcess(t *testing.T) {
	f := newFake()
	s := installed(f)
	s.st = serviceStatus{State: stateRunning, PID: 4242}
	f.controlErr = errNoData
	f.diesOnStop = &serviceStatus{State: stateStopped, Win32ExitCode: 1067}
	var out bytes.Buffer
	if err := run(f.env(&out), testSpec, []string{"stop"}); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if !strings.Contains(out.String(), "its process (pid 4242) had already exited") || !strings.Contains(out.String(), "Win32 exit code 1067") ||
		!strings.Contains(out.String(), `service "hellosvc" is stopped`) {
		t.Errorf("output %q", out.String())
	}

	f = newFake()
	s = installed(f)
	s.st = serviceStatus{State: stateRunning, PID: 4242}
	f.controlErr = errBrokenPipe
	begin := f.clock
	err := run(f.env(&out), testSpec, []string{"stop", "--timeout", "3s"})
	if exitcode.Of(err) != exitcode.SCMError {
		t.Fatalf("%v (exit %d)", err, exitcode.Of(err))
	}
	for _, want := range []string{"its process (pid 4242) is gone", "still reports it RUNNING after 3s", "hellosvc service status", "end the process"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	if waited := f.clock.Sub(begin); waited > 4*time.Second {
		t.Errorf("waited %v for a 3s timeout", waited)
	}
}
