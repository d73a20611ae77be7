package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/svcpack/svcpack/service/exitcode"
)

// fakeClock lets a test deliver ticks and fire timers by their duration.
type fakeClock struct {
	tick   chan time.Time
	mu     sync.Mutex
	timers map[time.Duration]chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{tick: make(chan time.Time), timers: map[time.Duration]chan time.Time{}}
}

func (c *fakeClock) Ticker(time.Duration) (<-chan time.Time, func()) { return c.tick, func() {} }

func (c *fakeClock) After(d time.Duration) (<-chan time.Time, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.timers[d] = ch
	return ch, func() {}
}

func (c *fakeClock) fire(t *testing.T, d time.Duration) {
	t.Helper()
	c.mu.Lock()
	ch, ok := c.timers[d]
	c.mu.Unlock()
	if !ok {
		t.Fatalf("no timer of %v was started", d)
	}
	ch <- time.Time{}
}

const (
	testStartTimeout = time.Hour
	testStopTimeout  = 2 * time.Hour
)

// harness runs one lifecycle in the background and records its reports.
type harness struct {
	t        *testing.T
	clock    *fakeClock
	controls chan control
	reports  chan status
	result   chan error
	l        *lifecycle // read only after err() returned
}

func startLifecycle(t *testing.T, preshutdown bool, fn Func) *harness {
	t.Helper()
	return startLifecycleLog(t, preshutdown, slog.New(slog.NewTextHandler(io.Discard, nil)), fn)
}

// startLifecycleLog is startLifecycle logging to log.
func startLifecycleLog(t *testing.T, preshutdown bool, log *slog.Logger, fn Func) *harness {
	t.Helper()
	h := &harness{t: t, clock: newFakeClock(), controls: make(chan control),
		reports: make(chan status, 64), result: make(chan error, 1)}
	cfg := Config{Name: "t", StartTimeout: testStartTimeout, StopTimeout: testStopTimeout, AcceptPreShutdown: preshutdown}.withDefaults()
	l := &lifecycle{cfg: cfg, report: func(s status) { h.reports <- s }, controls: h.controls,
		clock: h.clock, log: log}
	h.l = l
	go func() { h.result <- l.run(fn) }()
	return h
}

// next returns the next report; the deadline only guards against a hung test.
func (h *harness) next() status {
	h.t.Helper()
	select {
	case s := <-h.reports:
		return s
	case <-time.After(10 * time.Second):
		h.t.Fatal("no status report")
	}
	return status{}
}

func (h *harness) expect(st state, checkpoint uint32) status {
	h.t.Helper()
	s := h.next()
	if s.State != st || s.CheckPoint != checkpoint {
		h.t.Fatalf("got %v checkpoint %d, want %v checkpoint %d", s.State, s.CheckPoint, st, checkpoint)
	}
	if (st == stateStartPending || st == stateStopPending) && s.WaitHint < 2*pendingInterval {
		h.t.Fatalf("%v wait hint %v does not cover the next report due in %v", st, s.WaitHint, pendingInterval)
	}
	return s
}

func (h *harness) tick() { h.clock.tick <- time.Time{} }

func (h *harness) err() error {
	h.t.Helper()
	select {
	case err := <-h.result:
		return err
	case <-time.After(10 * time.Second):
		h.t.Fatal("lifecycle did not return")
	}
	return nil
}

func TestLifecycleStartPendingUntilReadyThenDrains(t *testing.T) {
	readyNow := make(chan struct{})
	stopped := make(chan struct{})
	h := startLifecycle(t, false, func(ctx context.Context, ready func()) error {
		<-readyNow
		ready()
		<-ctx.Done()
		<-stopped // draining
		return nil
	})
	h.expect(stateStartPending, 1)
	h.tick()
	h.expect(stateStartPending, 2)
	h.tick()
	h.expect(stateStartPending, 3)
	close(readyNow)
	running := h.expect(stateRunning, 0)
	if !running.AcceptStop || running.AcceptPreSh {
		t.Fatalf("RUNNING accepts stop=%v preshutdown=%v, want stop only", running.AcceptStop, running.AcceptPreSh)
	}
	h.tick() // RUNNING is not re-reported
	h.controls <- controlStop
	h.expect(stateStopPending, 1)
	for cp := uint32(2); cp <= 5; cp++ {
		h.tick()
		h.expect(stateStopPending, cp)
	}
	close(stopped)
	if s := h.expect(stateStopped, 0); s.ExitCode != exitcode.OK {
		t.Fatalf("exit code %d, want 0", s.ExitCode)
	}
	if err := h.err(); err != nil {
		t.Fatalf("run: %v", err)
	}
}

func TestLifecycleEveryStopControlCancels(t *testing.T) {
	for _, c := range []control{controlStop, controlShutdown, controlPreShutdown} {
		t.Run(c.String(), func(t *testing.T) {
			h := startLifecycle(t, true, func(ctx context.Context, ready func()) error {
				ready()
				<-ctx.Done()
				return nil
			})
			h.expect(stateStartPending, 1)
			if s := h.expect(stateRunning, 0); !s.AcceptPreSh {
				t.Fatal("AcceptPreShutdown configured but not reported")
			}
			h.controls <- c
			h.expect(stateStopPending, 1)
			h.expect(stateStopped, 0)
			if err := h.err(); err != nil {
				t.Fatal(err)
			}
			if !h.l.stoppedByControl {
				t.Fatal("a requested stop is not marked as requested")
			}
		})
	}
}

func TestLifecycleInterrogateRepeatsStatus(t *testing.T) {
	drained := make(chan struct{})
	h := startLifecycle(t, false, func(ctx context.Context, ready func()) error {
		ready()
		<-ctx.Done()
		<-drained
		return nil
	})
	h.expect(stateStartPending, 1)
	h.expect(stateRunning, 0)
	h.controls <- controlInterrogate
	h.expect(stateRunning, 0)
	h.controls <- controlStop
	h.expect(stateStopPending, 1)
	h.controls <- controlStop // a second stop does not restart the drain
	h.tick()
	h.expect(stateStopPending, 2)
	h.controls <- controlInterrogate
	h.expect(stateStopPending, 2)
	close(drained)
	h.expect(stateStopped, 0)
	if err := h.err(); err != nil {
		t.Fatal(err)
	}
}

func TestLifecycleExitCodes(t *testing.T) {
	boom := errors.New("boom")
	cases := []struct {
		name string
		fn   Func
		stop bool // send Stop once RUNNING
		code int
		text string
	}{
		{"error before ready fails the start", func(context.Context, func()) error { return boom }, false, exitcode.StartFailed, "start: boom"},
		{"config error keeps its code", func(context.Context, func()) error { return ConfigError(boom) }, false, exitcode.Config, "boom"},
		{"nil before ready is a failed start", func(context.Context, func()) error { return nil }, false, exitcode.StartFailed, "before it was ready"},
		{"panic before ready", func(context.Context, func()) error { panic("kaboom") }, false, exitcode.Panic, "kaboom"},
		{"panic while running", func(_ context.Context, ready func()) error { ready(); panic("late") }, false, exitcode.Panic, "lifecycle_test.go"},
		{"error after ready", func(_ context.Context, ready func()) error { ready(); return boom }, false, exitcode.Failure, "boom"},
		{"error while draining", func(ctx context.Context, ready func()) error { ready(); <-ctx.Done(); return boom }, true, exitcode.Failure, "boom"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := startLifecycle(t, false, tc.fn)
			var last status
			for last = h.next(); last.State != stateStopped; last = h.next() {
				if last.State == stateRunning && tc.stop {
					h.controls <- controlStop
				}
			}
			err := h.err()
			if last.ExitCode != tc.code || exitcode.Of(err) != tc.code {
				t.Fatalf("reported %d, returned %d (%v); want %d", last.ExitCode, exitcode.Of(err), err, tc.code)
			}
			if !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("error %q does not mention %q", err, tc.text)
			}
		})
	}
}

func TestLifecycleStopTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	h := startLifecycle(t, false, func(_ context.Context, ready func()) error {
		ready()
		<-release // ignores ctx: a stuck drain
		return nil
	})
	h.expect(stateStartPending, 1)
	h.expect(stateRunning, 0)
	h.controls <- controlStop
	h.expect(stateStopPending, 1)
	h.tick()
	h.expect(stateStopPending, 2)
	h.clock.fire(t, testStopTimeout)
	if s := h.expect(stateStopped, 0); s.ExitCode != exitcode.StopTimeout {
		t.Fatalf("exit code %d, want %d", s.ExitCode, exitcode.StopTimeout)
	}
	if err := h.err(); exitcode.Of(err) != exitcode.StopTimeout {
		t.Fatalf("run: %v", err)
	}
}

func TestLifecycleStartTimeoutCancelsAndFails(t *testing.T) {
	h := startLifecycle(t, false, func(ctx context.Context, _ func()) error {
		<-ctx.Done() // never ready
		return ctx.Err()
	})
	h.expect(stateStartPending, 1)
	h.clock.fire(t, testStartTimeout)
	h.expect(stateStopPending, 1)
	if s := h.expect(stateStopped, 0); s.ExitCode != exitcode.StartFailed {
		t.Fatalf("exit code %d, want %d", s.ExitCode, exitcode.StartFailed)
	}
	if err := h.err(); !strings.Contains(err.Error(), "StartTimeout") {
		t.Fatalf("error %q does not name StartTimeout", err)
	}
	if h.l.stoppedByControl {
		t.Fatal("a start timeout is a failure, not a requested stop")
	}
}

func TestLifecycleStopDuringStartIsNotAStartTimeout(t *testing.T) {
	h := startLifecycle(t, false, func(ctx context.Context, _ func()) error {
		<-ctx.Done() // stopped before it was ready
		return nil
	})
	h.expect(stateStartPending, 1)
	h.controls <- controlStop
	h.expect(stateStopPending, 1)
	h.clock.mu.Lock()
	startTimer := h.clock.timers[testStartTimeout]
	h.clock.mu.Unlock()
	startTimer <- time.Time{} // fires late; the stop must have disarmed it
	s := h.expect(stateStopped, 0)
	err := h.err()
	if strings.Contains(fmt.Sprint(err), "StartTimeout") {
		t.Fatalf("a user stop during start reported as a start timeout: %v", err)
	}
	if s.ExitCode != exitcode.StartFailed || !h.l.stoppedByControl {
		t.Fatalf("exit code %d, stoppedByControl %v; want %d (never ready) and true", s.ExitCode, h.l.stoppedByControl, exitcode.StartFailed)
	}
}
