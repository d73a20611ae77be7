package wrap

import (
	"fmt"
	"slices"
	"time"
)

// Exit is how a run of the program ended.
type Exit struct {
	Code    uint32
	Runtime time.Duration
}

// clean tells whether the exit counts as clean under the restart config.
func (r RestartConfig) clean(e Exit) bool {
	return slices.Contains(r.CleanCodes, e.Code)
}

// Decision is what the supervisor does after an exit.
type Decision struct {
	Restart bool
	Delay   time.Duration
	Failed  bool   // the service ends with a failure (the SCM's recovery acts)
	Reason  string // for the log and the event
}

// backoff keeps the state the restart policy needs between runs.
type backoff struct {
	cfg      RestartConfig
	failures int         // consecutive short runs; sets the delay
	restarts []time.Time // restarts within the window
}

// next decides what follows exit e at time now.
func (b *backoff) next(e Exit, now time.Time) Decision {
	clean := b.cfg.clean(e)
	switch {
	case b.cfg.Policy == RestartNever, b.cfg.Policy == RestartOnFailure && clean:
		if clean {
			return Decision{Reason: fmt.Sprintf("the program exited cleanly (code %d)", e.Code)}
		}
		return Decision{Failed: true, Reason: fmt.Sprintf("the program failed (exit code %d) and restart.policy is never", e.Code)}
	}
	if e.Runtime >= b.cfg.ResetAfter {
		b.failures = 0
	}
	cut := now.Add(-b.cfg.Window)
	b.restarts = slices.DeleteFunc(b.restarts, func(t time.Time) bool { return !t.After(cut) })
	if len(b.restarts) >= b.cfg.MaxRestarts {
		return Decision{Failed: true, Reason: fmt.Sprintf(
			"giving up: the program exited (code %d) after %d restarts within %v (restart.max_restarts, restart.window)",
			e.Code, len(b.restarts), b.cfg.Window)}
	}
	delay := b.cfg.Delay
	for i := 0; i < b.failures && delay < b.cfg.MaxDelay; i++ {
		delay *= 2
	}
	delay = min(delay, b.cfg.MaxDelay)
	b.failures++
	b.restarts = append(b.restarts, now.Add(delay))
	return Decision{Restart: true, Delay: delay, Reason: fmt.Sprintf("the program exited (code %d) after %v; restarting in %v",
		e.Code, e.Runtime.Round(time.Millisecond), delay)}
}
