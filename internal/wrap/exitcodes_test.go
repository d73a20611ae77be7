package wrap

import (
	"testing"
	"time"
)

// decide: the lists first, a restart code restarted under policy never
// without changing the policy for the next exit, and no list consulted for a
// program that never started.
func TestExitCodesDecideClassification(t *testing.T) {
	codes := ExitCodes{Success: []uint32{10}, Restart: []uint32{75}, Failure: []uint32{3}}
	b := &backoff{cfg: RestartConfig{Policy: RestartNever, CleanCodes: []uint32{0}, Delay: time.Second, MaxDelay: time.Minute,
		ResetAfter: time.Minute, MaxRestarts: 5, Window: time.Hour}}
	now := time.Unix(0, 0)
	for _, c := range []struct {
		code            uint32
		started         bool
		restart, failed bool
	}{
		{10, true, false, false},
		{3, true, false, true},
		{75, true, true, false},
		{7, true, false, true},   // never, after a restart code: still never
		{0, true, false, false},  // clean for the policy
		{75, false, false, true}, // a start that failed: the policy, not the list
	} {
		d := codes.decide(b, Exit{Code: c.code}, c.started, now)
		if d.Restart != c.restart || d.Failed != c.failed {
			t.Errorf("code %d started %v: %+v, want restart %v failed %v", c.code, c.started, d, c.restart, c.failed)
		}
	}
	if b.cfg.Policy != RestartNever {
		t.Errorf("policy %s after decide, want never kept", b.cfg.Policy)
	}
}
