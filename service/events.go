package service

import "github.com/svcpack/svcpack/service/exitcode"

// Event IDs written to the Windows Event Log. The source is registered with
// EventCreate.exe as its message file (IDs 1–1000 render the message text as
// is), so these numbers are what admins filter on in Event Viewer or
// Get-WinEvent. They are part of the public contract: never renumber.
const (
	eventInfo    = 1 // any Info record from the program
	eventWarning = 2 // any Warn record from the program
	eventError   = 3 // any Error record from the program

	eventRunning     = 100 // the service reported RUNNING
	eventStopped     = 101 // the service stopped cleanly
	eventFailure     = 110 // the program returned an error after it was ready
	eventConfig      = 111 // invalid configuration
	eventStartFailed = 112 // the program failed before ready
	eventPanic       = 113 // the program panicked
	eventStopTimeout = 114 // the drain outlived StopTimeout
	eventSetupFailed = 115 // `service install` or `configure` (the MSI's configure action) failed
)

// eventIDKey is the slog attribute a record uses to choose its event ID; the
// event log handler consumes it, the file and console handlers print it.
const eventIDKey = "event_id"

func eventIDForExit(code int) int {
	switch code {
	case exitcode.Config:
		return eventConfig
	case exitcode.StartFailed, exitcode.PreStartFailed:
		return eventStartFailed
	case exitcode.Panic:
		return eventPanic
	case exitcode.StopTimeout:
		return eventStopTimeout
	}
	return eventFailure
}
