package wrap

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// unreachable is a program Ctrl+Break cannot be sent to: GenerateConsoleCtrlEvent
// fails (as it always does under Wine, docs/platform.md).
type unreachable struct{ *fakeProcess }

func (unreachable) Signal(StopMethod) error {
	return errors.New("send Ctrl+Break to process group 42: The handle is invalid.")
}

// When Ctrl+Break cannot be sent, nothing will make the program exit by
// itself: the stop ends its tree at once instead of waiting out stop.grace
// (what the Wine figure of `mage bench`'s wrapper stop times).
func TestStopEndsTreeAtOnceWhenCtrlBreakCannotBeSent(t *testing.T) {
	h := newHarness(testConfig())
	h.s.Start = func(Config, *LineSink) (Process, error) {
		p := newFake(false)
		h.starts = append(h.starts, p)
		return unreachable{p}, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- h.s.Run(ctx, func() { cancel() }) }()
	if err := <-errc; err != nil {
		t.Fatalf("Run after a stop = %v, want nil", err)
	}
	p := h.starts[0]
	if p.kills != 1 || p.closes != 1 || len(h.delays) != 0 {
		t.Errorf("kills %d closes %d waits %v: want the tree ended at once, without waiting the grace", p.kills, p.closes, h.delays)
	}
	if log := h.logText(); !strings.Contains(log, "sending Ctrl+Break failed; ending the process tree") ||
		strings.Contains(log, "did not exit within stop.grace") {
		t.Errorf("the log does not say why the tree was ended:\n%s", log)
	}
}
