package manage

import (
	"errors"
	"fmt"
	"time"

	"github.com/svcpack/svcpack/service/exitcode"
)

// start starts the service and waits until it is RUNNING. A service that
// stops instead fails the command with the service's own exit code when it
// reported one (so `start` exits 3 for a config error), StartFailed otherwise.
func start(e env, name string, timeout time.Duration) error {
	return withService(e, name, startAccess, func(h Handle) error {
		if err := e.scm.Start(h); err != nil && !errors.Is(err, errServiceAlreadyRuning) {
			return scmError("start service", name, err, false)
		}
		st, err := waitState(e, h, name, stateRunning, timeout)
		if err != nil {
			return err
		}
		if st.State != stateRunning {
			code := exitcode.StartFailed
			if st.Win32ExitCode == errServiceSpecific && st.ServiceSpecificExitCode != 0 {
				code = int(st.ServiceSpecificExitCode)
			}
			return exitcode.Wrap(code, fmt.Errorf("service %q stopped while starting: %s", name, exitCodes(st)))
		}
		_, err = fmt.Fprintf(e.out, "service %q is running (pid %d)\n", name, st.PID)
		return err
	})
}

// stop asks the service to stop and waits until it is STOPPED.
func stop(e env, name string, timeout time.Duration) error {
	return withService(e, name, stopAccess, func(h Handle) error {
		if err := stopAndWait(e, h, name, timeout); err != nil {
			return err
		}
		_, err := fmt.Fprintf(e.out, "service %q is stopped\n", name)
		return err
	})
}

// stopAndWait sends SERVICE_CONTROL_STOP unless the service is already
// stopped and waits for STOPPED. h needs SERVICE_STOP|SERVICE_QUERY_STATUS.
func stopAndWait(e env, h Handle, name string, timeout time.Duration) error {
	_, err := e.scm.Control(h, controlStop)
	if err != nil && !errors.Is(err, errServiceNotActive) {
		return scmError("stop service", name, err, false)
	}
	_, err = waitState(e, h, name, stateStopped, timeout)
	return err
}

// waitState polls until the service is in state want or STOPPED, as the SCM
// documentation asks: at a tenth of the wait hint (between 50 ms and 1 s),
// failing when the checkpoint has not risen within the wait hint (the
// service stopped making progress) or when timeout has passed.
func waitState(e env, h Handle, name string, want uint32, timeout time.Duration) (Status, error) {
	begin := e.now()
	deadline := begin.Add(timeout)
	var lastCheckPoint uint32
	lastProgress := begin
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
// service-specific one from the exitcode table.
func exitCodes(st Status) string {
	s := fmt.Sprintf("Win32 exit code %d", st.Win32ExitCode)
	if st.Win32ExitCode == errServiceSpecific {
		c := int(st.ServiceSpecificExitCode)
		s += fmt.Sprintf(", service-specific exit code %d (%s)", c, exitcode.Name(c))
	}
	return s
}
