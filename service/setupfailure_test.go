package service

import (
	"errors"
	"strings"
	"testing"
)

// closableEventLog is fakeEventLog with Close, counting it.
type closableEventLog struct {
	fakeEventLog
	closed int
}

func (c *closableEventLog) Close() error { c.closed++; return nil }

// TestSetupFailureReachesTheEventLog: a failed install or configure (the
// MSI's custom action, whose output Windows Installer does not keep) is one
// error event 115 of the service's source naming the command and the
// reason; other commands write nothing.
func TestSetupFailureReachesTheEventLog(t *testing.T) {
	for _, c := range []struct {
		args []string
		want bool
	}{
		{[]string{"configure", "--installer-key", `SOFTWARE\Co\svc`}, true},
		{[]string{"install"}, true},
		{[]string{"status"}, false},
		{[]string{"uninstall"}, false},
		{nil, false},
	} {
		if got := setupCommand(c.args); got != c.want {
			t.Errorf("setupCommand(%q) = %v, want %v", c.args, got, c.want)
		}
	}
	el := &closableEventLog{}
	var opened string
	reportSetupFailure("svc", "configure", errors.New(`apply settings: config C:\ProgramData\svc\config.json: line 1: bad`),
		func(name string) (eventWriteCloser, error) { opened = name; return el, nil })
	if opened != "svc" || el.closed != 1 || len(el.events) != 1 {
		t.Fatalf("opened %q, closed %d times, events %+v", opened, el.closed, el.events)
	}
	e := el.events[0]
	if e.kind != "error" || e.id != eventSetupFailed || !strings.Contains(e.text, "service configure failed") ||
		!strings.Contains(e.text, `config.json: line 1: bad`) {
		t.Errorf("event %+v", e)
	}
	// No Event Log to open: nothing written, nothing panics.
	reportSetupFailure("svc", "install", errors.New("x"), func(string) (eventWriteCloser, error) { return nil, errors.New("no log") })
}
