package wrap

import (
	"context"
	"fmt"
	"time"
)

// methodText names a stop method in the log.
var methodText = map[StopMethod]string{
	StopCtrlBreak:    "Ctrl+Break",
	StopCtrlC:        "Ctrl+C",
	StopCloseWindows: "WM_CLOSE",
	StopCommand:      "the stop command",
}

// stop runs the pre_stop hook, takes the stop steps in order until the
// program has exited, ends its tree, and runs the post_stop hook; the log
// says which step ended the program. cause is returned as is: a requested
// stop is not an error.
func (s *Supervisor) stop(p Process, cause error) error {
	by := "its own exit"
	if !exited(p) {
		s.hook(context.Background(), "pre_stop", s.Config.Hooks.PreStop)
	}
	steps := s.Config.Stop.Steps
	for i, step := range steps {
		if exited(p) {
			break
		}
		if s.stopStep(p, i, step) {
			by = string(step.Method)
			break
		}
	}
	if !exited(p) {
		by = stopJob
		s.Log.Warn("the program did not exit after the stop steps; ending its process tree",
			"steps", len(steps), "wait", s.Config.Stop.wait(), "event_id", EventKilled)
	}
	if err := p.Kill(); err != nil {
		s.Log.Warn("ending the process tree", "error", err.Error())
	}
	<-p.Done()
	if err := p.Close(); err != nil {
		s.Log.Warn("releasing the process tree", "error", err.Error())
	}
	s.Log.Info("program stopped", "exit_code", p.ExitCode(), "stopped_by", by)
	s.hook(context.Background(), "post_stop", s.Config.Hooks.PostStop)
	return cause
}

// stopStep takes step i and waits its time; it reports whether the program
// exited within it. A step that cannot be taken is logged and its wait
// skipped: the next step follows at once.
func (s *Supervisor) stopStep(p Process, i int, step StopStep) bool {
	next := "trying the next stop step"
	if i == len(s.Config.Stop.Steps)-1 {
		next = "ending the process tree"
	}
	failed := func(err error) bool {
		s.Log.Warn(fmt.Sprintf("sending %s failed; %s", methodText[step.Method], next),
			"step", i, "error", err.Error(), "event_id", EventStopStep)
		return false
	}
	if step.Method != StopCommand {
		if err := p.Signal(step.Method); err != nil {
			return failed(err)
		}
		select {
		case <-p.Done():
		case <-s.After(step.Wait):
		}
		return exited(p) // exited, if only just
	}
	// The stop command runs while the program is watched: the program may
	// exit before the command returns (or the command waits for it).
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	key := fmt.Sprintf("stop.steps[%d].command", i)
	go func() { result <- s.runCommand(ctx, key, step.Command, nil, step.Wait) }()
	deadline := s.After(step.Wait)
	var cmdErr error
	pending := true
	select {
	case <-p.Done():
	case <-deadline:
	case cmdErr = <-result:
		pending = false
		if cmdErr == nil {
			select { // the command is done: the program has the rest of the wait
			case <-p.Done():
			case <-deadline:
			}
		}
	}
	cancel() // a command still running is ended with its tree
	if pending {
		cmdErr = <-result
	}
	if exited(p) {
		return true
	}
	if cmdErr != nil {
		return failed(cmdErr)
	}
	return false
}

// hook runs h (nil: none) and logs a failure, which ends nothing: only
// pre_start's fails its start (startProgram).
func (s *Supervisor) hook(ctx context.Context, name string, h *Hook) {
	if h == nil {
		return
	}
	if err := s.runCommand(ctx, "hooks."+name, h.Command, s.After(h.Timeout), h.Timeout); err != nil {
		s.Log.Warn("the "+name+" hook failed", "error", err.Error(), "event_id", EventHookFailed)
	}
}

// runCommand runs cmd until it exits, deadline fires or ctx ends; at either
// of those its tree is ended. An exit code other than 0 is a failure.
func (s *Supervisor) runCommand(ctx context.Context, key string, cmd Command, deadline <-chan time.Time, limit time.Duration) error {
	if s.StartCommand == nil {
		return fmt.Errorf("%s: this wrapper cannot run commands", key)
	}
	p, err := s.StartCommand(s.Config, cmd, s.Out, key)
	if err != nil {
		return fmt.Errorf("%s: start %s: %w", key, cmd.Program, err)
	}
	s.Log.Info("command started", "key", key, "pid", p.Pid(), "program", cmd.Program)
	var why string
	select {
	case <-p.Done():
	case <-deadline:
		why = fmt.Sprintf("did not finish within %v", limit)
	case <-ctx.Done():
		why = "was still running when it was no longer needed"
	}
	ended := exited(p)
	if !ended {
		if err := p.Kill(); err != nil {
			s.Log.Warn("ending the command's process tree", "key", key, "error", err.Error())
		}
		<-p.Done()
	}
	if err := p.Close(); err != nil {
		s.Log.Warn("releasing the command's process tree", "key", key, "error", err.Error())
	}
	code := p.ExitCode()
	s.Log.Info("command ended", "key", key, "exit_code", code)
	switch {
	case !ended:
		return fmt.Errorf("%s: %s %s; its process tree was ended", key, cmd.Program, why)
	case code != 0:
		return fmt.Errorf("%s: %s exited with code %d", key, cmd.Program, code)
	}
	return nil
}

// exited reports whether p's own process has exited.
func exited(p Process) bool {
	select {
	case <-p.Done():
		return true
	default:
		return false
	}
}
