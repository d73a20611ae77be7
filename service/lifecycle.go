package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/svcpack/svcpack/service/exitcode"
)

// clock is what the lifecycle needs of time, so tests can drive it.
type clock interface {
	// Ticker returns a channel that delivers every d, and a stop function.
	Ticker(d time.Duration) (<-chan time.Time, func())
	// After returns a channel that delivers once after d, and a stop function.
	After(d time.Duration) (<-chan time.Time, func())
}

type realClock struct{}

func (realClock) Ticker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

func (realClock) After(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}

// lifecycle runs the program and drives the status protocol: START_PENDING
// until ready, RUNNING, STOP_PENDING while draining, and the final status.
// It is the same in service mode (reports go to the SCM) and console mode
// (reports are logged at debug level), so both are tested here on any OS.
type lifecycle struct {
	cfg      Config
	report   func(status)
	controls <-chan control
	clock    clock
	log      *slog.Logger

	// stoppedByControl is set when the SCM (or a signal) asked the program
	// to stop, as opposed to the program ending or failing to start.
	stoppedByControl bool
}

// run returns the program's error, carrying its exit code, after reporting
// STOPPED with that code.
func (l *lifecycle) run(fn Func) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	readyc := make(chan struct{})
	var once sync.Once
	ready := func() { once.Do(func() { close(readyc) }) }
	done := make(chan error, 1)
	go func() { done <- callRecovering(ctx, fn, ready) }()

	tick, stopTick := l.clock.Ticker(pendingInterval)
	defer stopTick()
	startTimeout, stopStartTimer := l.clock.After(l.cfg.StartTimeout)
	defer stopStartTimer()
	var stopTimeout <-chan time.Time
	stopStopTimer := func() {}
	defer func() { stopStopTimer() }()

	cur := status{State: stateStartPending, CheckPoint: 1, WaitHint: pendingWaitHint}
	l.report(cur)
	var startErr error // why the start was abandoned, if it was

	beginStop := func(reason string) {
		if cur.State == stateStopPending {
			return
		}
		l.log.Info("stopping", "reason", reason, "timeout", l.cfg.StopTimeout)
		stopStartTimer()
		startTimeout = nil
		cancel()
		stopTimeout, stopStopTimer = l.clock.After(l.cfg.StopTimeout)
		cur = status{State: stateStopPending, CheckPoint: 1, WaitHint: pendingWaitHint}
		l.report(cur)
	}

	for {
		select {
		case <-readyc:
			readyc = nil
			if cur.State != stateStartPending {
				continue // ready after a stop request: keep draining
			}
			stopStartTimer()
			startTimeout = nil
			cur = status{State: stateRunning, AcceptStop: true, AcceptPreSh: l.cfg.AcceptPreShutdown}
			l.report(cur)
			l.log.Info("running", eventIDKey, eventRunning)

		case err := <-done:
			wasReady := readyc == nil
			if readyc != nil {
				// ready may have been called just before return; do not lose it.
				select {
				case <-readyc:
					wasReady = true
				default:
				}
			}
			err = l.finalError(err, wasReady, startErr)
			l.finish(err)
			return err

		case <-tick:
			if cur.State == stateStartPending || cur.State == stateStopPending {
				cur.CheckPoint++
				l.report(cur)
			}

		case c := <-l.controls:
			switch c {
			case controlInterrogate:
				l.report(cur)
			case controlStop, controlShutdown, controlPreShutdown:
				l.stoppedByControl = true
				beginStop(c.String())
			}

		case <-startTimeout:
			startTimeout = nil
			startErr = fmt.Errorf("not ready within StartTimeout %v", l.cfg.StartTimeout)
			beginStop("start timeout")

		case <-stopTimeout:
			err := exitcode.Wrap(exitcode.StopTimeout,
				fmt.Errorf("did not stop within StopTimeout %v; exiting with work in flight", l.cfg.StopTimeout))
			l.finish(err)
			return err
		}
	}
}

// finalError classifies how the program ended.
func (l *lifecycle) finalError(err error, wasReady bool, startErr error) error {
	if startErr != nil {
		if err != nil {
			return exitcode.Wrap(exitcode.StartFailed, fmt.Errorf("%w; then: %w", startErr, err))
		}
		return exitcode.Wrap(exitcode.StartFailed, startErr)
	}
	var coded exitcode.Coder
	switch {
	case err == nil && !wasReady:
		return exitcode.Wrap(exitcode.StartFailed, errors.New("the program returned before it was ready"))
	case err == nil:
		return nil
	case errors.As(err, &coded):
		return err // config error, panic: keep the program's own classification
	case !wasReady:
		return exitcode.Wrap(exitcode.StartFailed, fmt.Errorf("start: %w", err))
	default:
		return exitcode.Wrap(exitcode.Failure, err)
	}
}

func (l *lifecycle) finish(err error) {
	code := exitcode.Of(err)
	if exitcode.IsPassed(err) {
		// The code is the wrapped program's, not a number of the table.
		l.log.Error("stopped with an error", "exit_code", uint32(code), "reason", "the program's own exit code", "error", err.Error(),
			eventIDKey, eventFailure)
	} else if err != nil {
		l.log.Error("stopped with an error", "exit_code", code, "reason", exitcode.Name(code), "error", err.Error(),
			eventIDKey, eventIDForExit(code))
	} else {
		l.log.Info("stopped", eventIDKey, eventStopped)
	}
	l.report(status{State: stateStopped, ExitCode: code})
}

// callRecovering runs fn, turning a panic into an error with the panic exit code
// and the stack, so the SCM sees a failure and the log has the cause.
func callRecovering(ctx context.Context, fn Func, ready func()) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = wrapPanic(v, debug.Stack())
		}
	}()
	return fn(ctx, ready)
}
