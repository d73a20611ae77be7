package manage

import (
	"fmt"
	"strings"
)

// recoveryOf maps the resolved Spec's restart delays to SCM failure actions:
// one restart action per delay; the SCM repeats the last action for every
// further failure until ResetPeriod passes without one. NoRestart: none.
func recoveryOf(s Spec) scmRecovery {
	r := scmRecovery{ResetPeriod: s.ResetPeriod}
	if s.NoRestart {
		return r
	}
	for _, d := range s.RestartDelays {
		r.Actions = append(r.Actions, scAction{Type: actionRestart, Delay: d})
	}
	return r
}

func (r scmRecovery) String() string {
	if len(r.Actions) == 0 {
		return "none"
	}
	var parts []string
	for _, a := range r.Actions {
		parts = append(parts, fmt.Sprintf("%s after %v", actionName(a.Type), a.Delay))
	}
	reset := "never"
	if r.ResetPeriod != ResetInfinite {
		reset = "after " + r.ResetPeriod.String()
	}
	return strings.Join(parts, ", ") + " (last repeats); reset failure count " + reset
}

func actionName(t uint32) string {
	switch t {
	case actionNone:
		return "none"
	case actionRestart:
		return "restart"
	case actionReboot:
		return "reboot"
	case actionCommand:
		return "run command"
	}
	return fmt.Sprintf("action %d", t)
}
