package service

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/service/exitcode"
)

// A wrapped program's exit code (svcwrap) reaches the SCM as it is, even one
// that is also a number of the table (3, config error), and the log names it
// as the program's, with the failure event, not the config error's.
func TestPassedProgramCodeReachesTheSCM(t *testing.T) {
	var log bytes.Buffer
	h := startLifecycleLog(t, false, slog.New(slog.NewTextHandler(&log, nil)), func(_ context.Context, ready func()) error {
		ready()
		return exitcode.Passed(3, errors.New("the program exited with code 3"))
	})
	var last status
	for last = h.next(); last.State != stateStopped; last = h.next() {
	}
	if err := h.err(); last.ExitCode != 3 || exitcode.Of(err) != 3 {
		t.Fatalf("reported %d, returned %d (%v); want the program's 3", last.ExitCode, exitcode.Of(err), err)
	}
	text := log.String()
	if !strings.Contains(text, `reason="the program's own exit code"`) || !strings.Contains(text, "event_id=110") || strings.Contains(text, "config error") {
		t.Errorf("log does not name the program's code with the failure event:\n%s", text)
	}
}
