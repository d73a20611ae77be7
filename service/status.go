package service

import "time"

// state is the service state the runtime reports; it mirrors the SCM's
// SERVICE_* states the runtime uses.
type state int

const (
	stateStartPending state = iota + 1
	stateRunning
	stateStopPending
	stateStopped
)

func (s state) String() string {
	switch s {
	case stateStartPending:
		return "START_PENDING"
	case stateRunning:
		return "RUNNING"
	case stateStopPending:
		return "STOP_PENDING"
	case stateStopped:
		return "STOPPED"
	}
	return "UNKNOWN"
}

// status is one report to the SCM.
type status struct {
	State       state
	AcceptStop  bool // Stop and Shutdown
	AcceptPreSh bool // PreShutdown
	CheckPoint  uint32
	WaitHint    time.Duration
	ExitCode    int // exitcode table; reported as ServiceSpecificExitCode when non-zero
}

// control is a request from the SCM (or, in console mode, a signal).
type control int

const (
	controlStop control = iota + 1
	controlShutdown
	controlPreShutdown
	controlInterrogate
)

func (c control) String() string {
	switch c {
	case controlStop:
		return "stop"
	case controlShutdown:
		return "shutdown"
	case controlPreShutdown:
		return "preshutdown"
	case controlInterrogate:
		return "interrogate"
	}
	return "unknown"
}

// Pending states are re-reported every pendingInterval with a rising
// checkpoint; the wait hint covers four intervals so late ticks on a busy
// machine does not make the SCM give up on the service.
const (
	pendingInterval = 500 * time.Millisecond
	pendingWaitHint = 4 * pendingInterval
)
