package wrap

import (
	"strings"
	"testing"
	"time"
)

func restartCfg(p RestartPolicy) RestartConfig {
	return RestartConfig{Policy: p, CleanCodes: []uint32{0, 7}, Delay: time.Second, MaxDelay: 10 * time.Second,
		ResetAfter: time.Minute, MaxRestarts: 5, Window: 10 * time.Minute}
}

func TestClassification(t *testing.T) {
	t0 := time.Unix(0, 0)
	tests := []struct {
		policy  RestartPolicy
		code    uint32
		restart bool
		failed  bool
	}{
		{RestartOnFailure, 0, false, false},
		{RestartOnFailure, 7, false, false}, // in clean_codes
		{RestartOnFailure, 1, true, false},
		{RestartOnFailure, 0xC0000005, true, false}, // a crash
		{RestartAlways, 0, true, false},
		{RestartNever, 0, false, false},
		{RestartNever, 3, false, true},
	}
	for _, tt := range tests {
		b := &backoff{cfg: restartCfg(tt.policy)}
		d := b.next(Exit{Code: tt.code}, t0)
		if d.Restart != tt.restart || d.Failed != tt.failed || d.Reason == "" {
			t.Errorf("%s, code %d: %+v, want restart %v failed %v", tt.policy, tt.code, d, tt.restart, tt.failed)
		}
	}
}

func TestBackoffDoublesCapsAndResets(t *testing.T) {
	b := &backoff{cfg: restartCfg(RestartOnFailure)}
	b.cfg.MaxRestarts = 100
	now := time.Unix(0, 0)
	var delays []time.Duration
	for range 6 {
		d := b.next(Exit{Code: 1, Runtime: time.Second}, now)
		delays = append(delays, d.Delay)
		now = now.Add(d.Delay + time.Second)
	}
	want := []time.Duration{1, 2, 4, 8, 10, 10}
	for i := range want {
		if delays[i] != want[i]*time.Second {
			t.Fatalf("delays %v, want %v seconds", delays, want)
		}
	}
	// A run of reset_after or longer starts over from delay.
	if d := b.next(Exit{Code: 1, Runtime: time.Minute}, now); d.Delay != time.Second {
		t.Errorf("after a long run the delay is %v, want 1s", d.Delay)
	}
}

func TestThrottleGivesUpWithinWindow(t *testing.T) {
	b := &backoff{cfg: restartCfg(RestartAlways)}
	b.cfg.MaxRestarts, b.cfg.Window = 3, time.Minute
	now := time.Unix(0, 0)
	for i := range 3 {
		if d := b.next(Exit{Code: 1}, now); !d.Restart {
			t.Fatalf("restart %d refused: %+v", i+1, d)
		}
		now = now.Add(5 * time.Second)
	}
	d := b.next(Exit{Code: 1}, now)
	if d.Restart || !d.Failed || !strings.Contains(d.Reason, "3 restarts within 1m0s") {
		t.Fatalf("4th exit within the window: %+v, want give-up", d)
	}
	// Once the earlier restarts fall out of the window, restarts resume.
	if d := b.next(Exit{Code: 1}, now.Add(2*time.Minute)); !d.Restart {
		t.Errorf("after the window: %+v, want a restart", d)
	}
	b.cfg.MaxRestarts = 0
	if d := b.next(Exit{Code: 1}, now.Add(time.Hour)); !d.Failed {
		t.Errorf("max_restarts 0: %+v, want give-up at the first failure", d)
	}
}
