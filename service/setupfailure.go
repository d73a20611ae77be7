package service

import (
	"context"
	"log/slog"
	"time"
)

// setupCommand says whether the manage command is one an installer runs
// unattended: `install`, and `configure`, the MSI's deferred custom action.
// Windows Installer keeps no output of an EXE custom action (its log has
// the exit code at most), so their failure is also written to the Event Log.
func setupCommand(args []string) bool {
	return len(args) > 0 && (args[0] == "install" || args[0] == "configure")
}

// reportSetupFailure writes err as event eventSetupFailed of the source
// name, where an admin (and the smoke suite on Windows) reads why an
// install rolled back. Opening the log fails only for a bad name; that and
// a failed write are dropped: the error is still printed and is the exit
// code.
func reportSetupFailure(name, command string, err error, open func(name string) (eventWriteCloser, error)) {
	el, oerr := open(name)
	if oerr != nil {
		return
	}
	defer el.Close()
	r := slog.NewRecord(time.Now(), slog.LevelError, "service "+command+" failed", 0)
	r.AddAttrs(slog.String("error", err.Error()), slog.Int(eventIDKey, eventSetupFailed))
	_ = newEventHandler(el, slog.LevelError).Handle(context.Background(), r)
}
