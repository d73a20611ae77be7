package main

import (
	"golang.org/x/sys/windows/svc/eventlog"

	"github.com/svcpack/svcpack/service/clip"
)

// setupFailedEvent is the event a failed `service install` or `configure`
// writes: eventSetupFailed of service/events.go, the same for a wrapped
// service as for a Go one.
const setupFailedEvent = 115

// reportSetupFailure writes a refused install or configure (the MSI's
// custom action, whose output Windows Installer does not keep) to the
// Event Log under the service's name, where an admin and the smoke suite
// read why the install rolled back. Failing to write it changes nothing:
// the error is printed and is the exit code.
func reportSetupFailure(name, command string, err error) {
	el, oerr := eventlog.Open(name)
	if oerr != nil {
		return
	}
	defer el.Close()
	_ = el.Error(setupFailedEvent, clip.Prefix("service "+command+" failed\nerror="+err.Error(), 16<<10))
}
