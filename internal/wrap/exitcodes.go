package wrap

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// ExitCodes say what an exit with a listed code does, ahead of
// restart.policy: a code in none of them is left to the policy (and
// restart.clean_codes), as before the lists existed.
type ExitCodes struct {
	Success []uint32 // the service stops cleanly, no restart (shawl's --pass)
	Restart []uint32 // restarted, with the backoff and throttle of restart.*
	Failure []uint32 // the service stops with a failure, no restart; the SCM sees the code
}

// exitAction is what an exit's code asks for.
type exitAction int

const (
	exitByPolicy exitAction = iota // not listed: restart.policy decides
	exitSuccess
	exitRestart
	exitFailure
)

// action classifies code by the lists.
func (e ExitCodes) action(code uint32) exitAction {
	switch {
	case slices.Contains(e.Success, code):
		return exitSuccess
	case slices.Contains(e.Restart, code):
		return exitRestart
	case slices.Contains(e.Failure, code):
		return exitFailure
	}
	return exitByPolicy
}

// decide is what follows exit e: the lists first, for a program that ran
// (started false: it never did, and its code means nothing), then b's
// restart policy. A code listed in restart is restarted as under policy
// always, with b's backoff and throttle.
func (e ExitCodes) decide(b *backoff, x Exit, started bool, now time.Time) Decision {
	if !started {
		return b.next(x, now)
	}
	switch e.action(x.Code) {
	case exitSuccess:
		return Decision{Reason: fmt.Sprintf("the program exited with code %d, listed in exit_codes.success: the service stops cleanly", x.Code)}
	case exitFailure:
		return Decision{Failed: true, Reason: fmt.Sprintf("the program exited with code %d, listed in exit_codes.failure: the service stops with that code", x.Code)}
	case exitRestart:
		policy := b.cfg.Policy
		b.cfg.Policy = RestartAlways
		defer func() { b.cfg.Policy = policy }()
	}
	return b.next(x, now)
}

const exitCodeWant = "a decimal exit code from 0 to 4294967295 (Windows' exit code is unsigned: -1 is 4294967295)"

// parseExitCode reads one code written as decimal text, exactly: no sign, no
// leading zero, no spaces, nothing YAML could have made of it.
func parseExitCode(text string) (uint32, bool) {
	code, err := strconv.ParseUint(text, 10, 32)
	if err != nil || strconv.FormatUint(code, 10) != text {
		return 0, false
	}
	return uint32(code), true
}

// parseExitCodes checks the exit_codes section: each code well formed, in
// one list only, once; 0 never a failure (the SCM would read it as success).
func parseExitCodes(f FileExitCodes, bad func(key, value, want string)) ExitCodes {
	var out ExitCodes
	where := map[uint32]string{}
	lists := []struct {
		key  string
		text []string
		dst  *[]uint32
	}{{"exit_codes.success", f.Success, &out.Success}, {"exit_codes.restart", f.Restart, &out.Restart}, {"exit_codes.failure", f.Failure, &out.Failure}}
	for _, l := range lists {
		for i, text := range l.text {
			key := fmt.Sprintf("%s[%d]", l.key, i)
			code, ok := parseExitCode(text)
			switch {
			case !ok:
				bad(key, text, exitCodeWant)
				continue
			case where[code] != "":
				bad(key, text, "a code listed once, in one of exit_codes.success, restart and failure: it is "+where[code]+" already")
				continue
			case code == 0 && l.key == "exit_codes.failure":
				bad(key, text, "a non-zero code: the SCM reads a service-specific exit code 0 as success")
				continue
			}
			where[code] = key
			*l.dst = append(*l.dst, code)
		}
	}
	return out
}
