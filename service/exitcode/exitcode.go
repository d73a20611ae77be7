// Package exitcode is the table of process exit codes that svcpack programs use.
//
// In service mode the same numbers are reported to the SCM as ServiceSpecificExitCode
// (with Win32ExitCode ERROR_SERVICE_SPECIFIC_ERROR), so SCM recovery actions and
// monitoring treat every failure as a failure and can tell them apart.
package exitcode

import "errors"

// The table. Numbers are part of the public contract: never renumber.
const (
	OK          = 0 // clean exit or clean stop
	Failure     = 1 // the program returned an error after it was ready
	Usage       = 2 // bad command line
	Config      = 3 // invalid configuration: fix the config file or property and start again
	StartFailed = 4 // the program failed before it reported ready
	Panic       = 5 // the program panicked; the stack is in the log
	StopTimeout = 6 // the program did not return within StopTimeout after a stop request
	NotAdmin    = 7 // the command needs elevation: run as administrator
	NotService  = 8 // started with the service argument but not by the SCM
	SCMError    = 9 // a Service Control Manager call failed (service missing, already exists, timeout, ...)
	// ForeignService: a service of this name exists but runs another program;
	// it is neither taken over nor deleted.
	ForeignService = 10
	// ServiceActive: the command needs the service stopped (stop or uninstall it first).
	ServiceActive = 11
	// PreStartFailed: a command run before the program (svcwrap's
	// hooks.pre_start) failed or outlived its timeout; the program did not start.
	PreStartFailed = 12
)

// Coder is implemented by errors that carry their exit code.
type Coder interface {
	ExitCode() int
}

type codedError struct {
	code int
	err  error
}

func (e *codedError) Error() string { return e.err.Error() }
func (e *codedError) Unwrap() error { return e.err }
func (e *codedError) ExitCode() int { return e.code }

// Wrap returns err carrying code; nil stays nil.
func Wrap(code int, err error) error {
	if err == nil {
		return nil
	}
	return &codedError{code: code, err: err}
}

// Of returns the exit code for err: OK for nil, the outermost code an error in
// the chain carries, Failure otherwise.
func Of(err error) int {
	if err == nil {
		return OK
	}
	var c Coder
	if errors.As(err, &c) {
		return c.ExitCode()
	}
	return Failure
}

// Name returns the short name of a code for logs and status output.
func Name(code int) string {
	switch code {
	case OK:
		return "ok"
	case Failure:
		return "failure"
	case Usage:
		return "usage"
	case Config:
		return "config error"
	case StartFailed:
		return "start failed"
	case Panic:
		return "panic"
	case StopTimeout:
		return "stop timeout"
	case NotAdmin:
		return "not elevated"
	case NotService:
		return "not started by the SCM"
	case SCMError:
		return "SCM error"
	case ForeignService:
		return "foreign service"
	case ServiceActive:
		return "service active"
	case PreStartFailed:
		return "pre-start command failed"
	}
	return "unknown"
}
