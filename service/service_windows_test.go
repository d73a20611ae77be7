package service

import (
	"fmt"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/windows/svc"
	"golang.org/x/sys/windows/svc/eventlog"
)

func TestToSvcStatus(t *testing.T) {
	cases := []struct {
		in   status
		want svc.Status
	}{
		{status{State: stateStartPending, CheckPoint: 3, WaitHint: 2 * time.Second},
			svc.Status{State: svc.StartPending, CheckPoint: 3, WaitHint: 2000}},
		{status{State: stateRunning, AcceptStop: true},
			svc.Status{State: svc.Running, Accepts: svc.AcceptStop | svc.AcceptShutdown}},
		{status{State: stateRunning, AcceptStop: true, AcceptPreSh: true},
			svc.Status{State: svc.Running, Accepts: svc.AcceptStop | svc.AcceptShutdown | svc.AcceptPreShutdown}},
		{status{State: stateStopPending, CheckPoint: 7, WaitHint: pendingWaitHint},
			svc.Status{State: svc.StopPending, CheckPoint: 7, WaitHint: uint32(pendingWaitHint / time.Millisecond)}},
	}
	for _, c := range cases {
		if got := toSvcStatus(c.in); got != c.want {
			t.Errorf("toSvcStatus(%+v) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestForwardControlsMapsAndIgnores(t *testing.T) {
	requests := make(chan svc.ChangeRequest)
	controls := make(chan control, 8)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() { forwardControls(requests, controls, done); close(finished) }()

	for _, c := range []svc.Cmd{svc.Interrogate, svc.Pause, svc.Stop, svc.Shutdown, svc.PreShutdown} {
		requests <- svc.ChangeRequest{Cmd: c}
	}
	want := []control{controlInterrogate, controlStop, controlShutdown, controlPreShutdown} // Pause is not accepted
	for _, w := range want {
		if got := <-controls; got != w {
			t.Fatalf("got %v, want %v", got, w)
		}
	}
	close(done)
	<-finished
}

// eventlog.Open succeeds for any name, so the runtime must ask the registry.
func TestEventSourceRegisteredReadsTheRegistry(t *testing.T) {
	name := fmt.Sprintf("svcpack-test-source-%d", os.Getpid())
	if ok, err := eventSourceRegistered(name); ok || err != nil {
		t.Fatalf("before registration: registered=%v, %v; want false", ok, err)
	}
	if el, err := eventlog.Open(name); err == nil {
		el.Close() // the reason the check exists: opening says nothing
	}
	if err := eventlog.InstallAsEventCreate(name, eventlog.Error|eventlog.Warning|eventlog.Info); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = eventlog.Remove(name) })
	if ok, err := eventSourceRegistered(name); !ok || err != nil {
		t.Fatalf("after registration: registered=%v, %v; want true", ok, err)
	}
}
