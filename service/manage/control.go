package manage

import (
	"errors"
	"fmt"
	"time"

	"github.com/svcpack/svcpack/service/exitcode"
)

// start starts the service and waits until it is RUNNING. A service that
// stops instead fails the command with the service's own exit code when it
// reported one (so `start` exits 3 for a config error), StartFailed otherwise;
// the message points to where the service logged why.
func start(e env, name string, timeout time.Duration) error {
	return withService(e, name, startAccess, func(h scHandle) error {
		if err := e.scm.Start(h); err != nil && !errors.Is(err, errServiceAlreadyRuning) {
			return scmError("start service", name, err, false)
		}
		st, err := waitState(e, h, name, stateRunning, timeout)
		if err != nil {
			return fmt.Errorf("%w; %s", err, logHint(name))
		}
		if st.State != stateRunning {
			code := exitcode.StartFailed
			if st.Win32ExitCode == errServiceSpecific && st.ServiceSpecificExitCode != 0 {
				code = int(st.ServiceSpecificExitCode)
			}
			return exitcode.Wrap(code, fmt.Errorf("service %q stopped while starting: %s; %s", name, exitCodes(st), logHint(name)))
		}
		_, err = fmt.Fprintf(e.out, "service %q is running (pid %d)\n", name, st.PID)
		return err
	})
}

// logHint says where a service built on this runtime logs why it failed.
func logHint(name string) string {
	return fmt.Sprintf(`see its log %%ProgramData%%\%s\logs\%s.log and the Application event log (source %q)`, name, name, name)
}

// stop asks the service to stop and waits until it is STOPPED.
func stop(e env, name string, timeout time.Duration) error {
	return withService(e, name, stopAccess, func(h scHandle) error {
		if err := stopAndWait(e, h, name, timeout); err != nil {
			return err
		}
		_, err := fmt.Fprintf(e.out, "service %q is stopped\n", name)
		return err
	})
}

// stopAndWait brings the service to STOPPED within timeout. A service cannot
// take a stop while it is START_PENDING or STOP_PENDING (the SCM answers
// ERROR_SERVICE_CANNOT_ACCEPT_CTRL), so a pending state is waited out first
// (bounded by the same timeout): STOP_PENDING until STOPPED, START_PENDING
// until RUNNING, and then the stop is sent. h needs
// SERVICE_STOP|SERVICE_QUERY_STATUS.
func stopAndWait(e env, h scHandle, name string, timeout time.Duration) error {
	deadline := e.now().Add(timeout)
	for {
		st, err := e.scm.QueryStatus(h)
		if err != nil {
			return scmError("query status of service", name, err, false)
		}
		switch st.State {
		case stateStopped:
			return nil
		case stateStopPending:
			_, err := waitUntil(e, h, name, stateStopped, deadline, timeout)
			return err
		case stateStartPending, stateContinuePending:
			if _, err := waitUntil(e, h, name, stateRunning, deadline, timeout); err != nil {
				return err
			}
			continue
		case statePausePending:
			if _, err := waitUntil(e, h, name, statePaused, deadline, timeout); err != nil {
				return err
			}
			continue
		}
		_, err = e.scm.Control(h, controlStop)
		switch {
		case err == nil, errors.Is(err, errServiceNotActive):
		case errors.Is(err, errServiceCannotAcceptCtrl):
			// It went pending after the query, or does not take a stop yet: look again.
			now := e.now()
			if !now.Before(deadline) {
				return exitcode.Wrap(exitcode.SCMError, fmt.Errorf("stop service %q: %w (still so after %v; it is %s)",
					name, err, timeout, stateName(st.State)))
			}
			e.sleep(min(100*time.Millisecond, deadline.Sub(now)))
			continue
		case processGone(err):
			return stopOfDeadProcess(e, h, name, st, err, deadline, timeout)
		default:
			return scmError("stop service", name, err, false)
		}
		_, err = waitUntil(e, h, name, stateStopped, deadline, timeout)
		return err
	}
}

// processGone reports whether a control failed because the service's
// process has exited without telling the SCM: its control pipe is closed.
func processGone(err error) bool {
	return errors.Is(err, errBrokenPipe) || errors.Is(err, errNoData) || errors.Is(err, errPipeNotConnected)
}

// stopOfDeadProcess handles a stop sent to a service whose process is gone:
// the SCM marks such a service STOPPED once it notices (Windows at once, with
// Win32 exit code 1067), so that is waited for; the service is then stopped
// and the command succeeds, saying what happened.
func stopOfDeadProcess(e env, h scHandle, name string, was serviceStatus, cause error, deadline time.Time, timeout time.Duration) error {
	st, err := waitUntil(e, h, name, stateStopped, deadline, timeout)
	if err == nil && st.State == stateStopped {
		_, err = fmt.Fprintf(e.out, "service %q: its process (pid %d) had already exited (%v); the Service Control Manager reports it STOPPED: %s\n",
			name, was.PID, cause, exitCodes(st))
		return err
	}
	return exitcode.Wrap(exitcode.SCMError, fmt.Errorf(
		"stop service %q: its process (pid %d) is gone (the control pipe is closed: %v), but the Service Control Manager still reports it %s after %v; "+
			"check with `%s service status`, end the process if it is still listed, then start the service again; %s",
		name, was.PID, cause, stateName(st.State), timeout, name, logHint(name)))
}

// waitState polls until the service is in state want or STOPPED, for at
// most timeout.
func waitState(e env, h scHandle, name string, want uint32, timeout time.Duration) (serviceStatus, error) {
	return waitUntil(e, h, name, want, e.now().Add(timeout), timeout)
}

// waitUntil polls until the service is in state want or STOPPED, as the SCM
// documentation asks: at a tenth of the wait hint (between 50 ms and 1 s),
// failing when the checkpoint has not risen within the wait hint (the
// service stopped making progress) or when deadline has passed (timeout is
// the whole bound, for the message).
func waitUntil(e env, h scHandle, name string, want uint32, deadline time.Time, timeout time.Duration) (serviceStatus, error) {
	var lastCheckPoint uint32
	lastProgress := e.now()
	for {
		st, err := e.scm.QueryStatus(h)
		if err != nil {
			return st, scmError("query status of service", name, err, false)
		}
		if st.State == want || st.State == stateStopped {
			return st, nil
		}
		now := e.now()
		if st.CheckPoint != lastCheckPoint {
			lastCheckPoint, lastProgress = st.CheckPoint, now
		} else if st.WaitHint > 0 && now.Sub(lastProgress) > st.WaitHint {
			return st, exitcode.Wrap(exitcode.SCMError, fmt.Errorf(
				"service %q is %s and not making progress: checkpoint %d unchanged for longer than its wait hint %v",
				name, stateName(st.State), st.CheckPoint, st.WaitHint))
		}
		if !now.Before(deadline) {
			return st, exitcode.Wrap(exitcode.SCMError, fmt.Errorf(
				"service %q is still %s after %v", name, stateName(st.State), timeout))
		}
		poll := min(max(st.WaitHint/10, 50*time.Millisecond), time.Second, deadline.Sub(now))
		e.sleep(poll)
	}
}

func stateName(s uint32) string {
	switch s {
	case stateStopped:
		return "STOPPED"
	case stateStartPending:
		return "START_PENDING"
	case stateStopPending:
		return "STOP_PENDING"
	case stateRunning:
		return "RUNNING"
	case stateContinuePending:
		return "CONTINUE_PENDING"
	case statePausePending:
		return "PAUSE_PENDING"
	case statePaused:
		return "PAUSED"
	}
	return fmt.Sprintf("state %d", s)
}

// exitCodes describes the exit codes a stopped service left, naming the
// service-specific one from the exitcode table; a code outside it is the
// program's own, which a wrapper (svcwrap's exit_codes) passes to the SCM.
func exitCodes(st serviceStatus) string {
	s := fmt.Sprintf("Win32 exit code %d", st.Win32ExitCode)
	if st.Win32ExitCode == errServiceSpecific {
		c := int(st.ServiceSpecificExitCode)
		name := exitcode.Name(c)
		if name == exitcode.Name(-1) {
			name = "not a runtime code: the program's own"
		}
		s += fmt.Sprintf(", service-specific exit code %d (%s)", c, name)
	}
	return s
}
