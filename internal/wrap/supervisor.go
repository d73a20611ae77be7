package wrap

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/svcpack/svcpack/service/exitcode"
)

// Process is one running program with its process tree.
type Process interface {
	Pid() int
	// Done is closed when the program's own process has exited; Exit then
	// holds its exit code.
	Done() <-chan struct{}
	ExitCode() uint32
	// Signal asks the program to end by one of the methods that reach it
	// directly: StopCtrlBreak, StopCtrlC or StopCloseWindows.
	Signal(m StopMethod) error
	// Kill ends the whole tree at once.
	Kill() error
	// Close ends what is left of the tree and releases it; it waits until the
	// captured output is drained.
	Close() error
}

// Starter starts the program as configured, its output going to out.
type Starter func(c Config, out *LineSink) (Process, error)

// CommandStarter starts cmd (a hook, a stop command) the way the program is
// started, in a job of its own, its output going to out with its streams
// tagged "<tag>.stdout" and "<tag>.stderr".
type CommandStarter func(c Config, cmd Command, out *LineSink, tag string) (Process, error)

// Event IDs the wrapper writes to the Event Log (through the service log's
// event_id attribute), for admins to filter on. Never renumber.
const (
	EventChildStarted = 200 // the program started
	EventChildExited  = 201 // the program exited; a restart follows
	EventGaveUp       = 202 // restarts exhausted or a failure with restart.policy never
	EventKilled       = 203 // the program outlived stop.grace and its tree was ended
	EventHealthFailed = 204 // the health check had not passed when the start gave up
	EventHookFailed   = 205 // a hook failed or outlived its timeout (hooks.*)
	EventStopStep     = 206 // a stop step could not be taken (the next one follows)
)

// Supervisor runs the program under the service runtime: Run is a service.Func.
type Supervisor struct {
	Config Config
	Start  Starter
	// StartCommand starts the hooks and the stop command; nil when the
	// config has none.
	StartCommand CommandStarter
	Out          *LineSink
	Log          *slog.Logger
	Now          func() time.Time
	After        func(time.Duration) <-chan time.Time
}

// ErrGaveUp marks the end of the restarts: the service stops with a failure
// the SCM's recovery actions act on.
var ErrGaveUp = errors.New("gave up restarting the program")

// Run starts the program, reports ready when it runs (or its health check
// passes), restarts it by policy, and stops it when ctx ends.
func (s *Supervisor) Run(ctx context.Context, ready func()) error {
	b := &backoff{cfg: s.Config.Restart}
	isReady := false
	for {
		started := s.Now()
		p, err := s.startProgram(ctx)
		if err != nil {
			if !isReady {
				return err // the service fails to start: the cause is in the log
			}
			s.Log.Error("the program did not start", "error", err.Error(), "event_id", EventChildExited)
			p = nil
		} else {
			s.Log.Info("program started", "pid", p.Pid(), "program", s.Config.Program, "event_id", EventChildStarted)
			if !isReady {
				if err := s.awaitReady(ctx, p); err != nil {
					return s.stop(p, err)
				}
				isReady = true
				ready()
			}
			s.hook(ctx, "post_start", s.Config.Hooks.PostStart)
			select {
			case <-ctx.Done():
				return s.stop(p, nil)
			case <-p.Done():
			}
		}
		exit := Exit{Code: ^uint32(0), Runtime: s.Now().Sub(started)}
		if p != nil {
			exit.Code = p.ExitCode()
			if err := p.Close(); err != nil {
				s.Log.Warn("ending the program's remaining processes", "error", err.Error())
			}
			s.hook(context.Background(), "post_stop", s.Config.Hooks.PostStop)
		}
		d := s.Config.ExitCodes.decide(b, exit, p != nil, s.Now())
		switch {
		case d.Failed:
			s.Log.Error(d.Reason, "event_id", EventGaveUp)
			err := fmt.Errorf("%w: %s", ErrGaveUp, d.Reason)
			if p != nil {
				// The SCM's recovery and monitoring see the program's own code.
				return exitcode.Passed(exit.Code, err)
			}
			return err
		case !d.Restart:
			s.Log.Info(d.Reason)
			return nil
		}
		s.Log.Warn(d.Reason, "event_id", EventChildExited)
		select {
		case <-ctx.Done():
			return nil
		case <-s.After(d.Delay):
		}
	}
}

// startProgram runs the pre_start hook, then starts the program. A failed
// hook is a failed start with an exit code of its own.
func (s *Supervisor) startProgram(ctx context.Context) (Process, error) {
	if h := s.Config.Hooks.PreStart; h != nil {
		if err := s.runCommand(ctx, "hooks.pre_start", h.Command, s.After(h.Timeout), h.Timeout); err != nil {
			s.Log.Error("the pre_start hook failed: the program is not started", "error", err.Error(), "event_id", EventHookFailed)
			return nil, exitcode.Wrap(exitcode.PreStartFailed, err)
		}
	}
	p, err := s.Start(s.Config, s.Out)
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", s.Config.Program, err)
	}
	return p, nil
}

// awaitReady waits for the health check, if any; the service runtime cancels
// ctx at StartTimeout.
func (s *Supervisor) awaitReady(ctx context.Context, p Process) error {
	check := newProbe(s.Config.Health)
	if check == nil {
		return nil
	}
	var last error
	for {
		if last = check(ctx); last == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			s.Log.Error("the health check did not pass", "last_error", last.Error(), "event_id", EventHealthFailed)
			return fmt.Errorf("health check did not pass: %w", last)
		case <-p.Done():
			return fmt.Errorf("the program exited (code %d) before its health check passed (last: %v)", p.ExitCode(), last)
		case <-s.After(s.Config.Health.Interval):
		}
	}
}
