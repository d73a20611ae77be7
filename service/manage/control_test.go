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
	f.startExit = &Status{State: stateStopped, Win32ExitCode: errServiceSpecific, ServiceSpecificExitCode: exitcode.Config}
	var out bytes.Buffer
	err := run(f.env(&out), testSpec, []string{"start"})
	if exitcode.Of(err) != exitcode.Config || !strings.Contains(err.Error(), "service-specific exit code 3 (config error)") {
		t.Fatalf("%v (exit %d)", err, exitcode.Of(err))
	}
	f.startExit = &Status{State: stateStopped, Win32ExitCode: 1053}
	err = run(f.env(&out), testSpec, []string{"start"})
	if exitcode.Of(err) != exitcode.StartFailed || !strings.Contains(err.Error(), "Win32 exit code 1053") {
		t.Fatalf("%v (exit %d)", err, exitcode.Of(err))
	}
}

func TestStopTimesOutWhileCheckpointsRise(t *testing.T) {
	f := newFake()
	s := installed(f)
	s.st = Status{State: stateRunning}
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
	s.st = Status{State: stateRunning}
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
	s.st = Status{State: stateRunning}
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
