package service

import (
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/svc"

	"github.com/svcpack/svcpack/service/exitcode"
)

// notServiceGrace is how long the dispatcher may take to hand us the service
// before we ask the SCM whether we are one at all. Windows' dispatcher fails
// at once outside the SCM, but Wine's waits 10 s; asking only after a grace
// keeps the query off every real start.
const notServiceGrace = 200 * time.Millisecond

// runService connects to the SCM and runs the program as the service cfg.Name.
func runService(cfg Config, fn Func) error {
	// First: the opening overlaps the dispatcher's connection (logahead.go).
	logs := openLogAhead(cfg, windowsLogSinks())
	defer logs.discard() // a no-op once Execute has taken the sinks
	// A fatal error (an unrecovered panic outside fn, a runtime fault)
	// crashes through Windows Error Reporting rather than exiting with code
	// 2: GOTRACEBACK=wer, documented in package runtime as "like crash but
	// doesn't disable WER". WER then writes the LocalDumps dump the MSI
	// registers (%ProgramData%\<name>\dumps). SetTraceback cannot lower a
	// level the environment set. Console mode keeps Go's default.
	debug.SetTraceback("wer")
	notService := exitcode.Wrap(exitcode.NotService, fmt.Errorf(
		"started with %q but not by the Service Control Manager: use `%s service start`, or run without arguments for console mode",
		"service run", cfg.Name))

	h := &handler{cfg: cfg, fn: fn, logs: logs, started: make(chan struct{}), ended: make(chan struct{}), lost: make(chan struct{})}
	dispatched := make(chan error, 1)
	go func() { dispatched <- svc.Run(cfg.Name, h) }()

	var err error
	select {
	case err = <-dispatched:
	case <-h.started:
		err = <-dispatched
	case <-time.After(notServiceGrace):
		if ok, known := launchedBySCM(cfg.Name); known && !ok {
			return notService // the dispatcher goroutine dies with the process
		}
		err = <-dispatched
	}
	if errors.Is(err, windows.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
		return notService
	}
	if err != nil {
		return exitcode.Wrap(exitcode.NotService, fmt.Errorf("connect to the Service Control Manager as %q: %w", cfg.Name, err))
	}
	select {
	case <-h.ended:
		return h.err
	default:
		close(h.lost) // the dispatcher gave up on us (SetServiceStatus failed)
		return exitcode.Wrap(exitcode.SCMError, fmt.Errorf("service %q lost its connection to the Service Control Manager", cfg.Name))
	}
}

// detectedService is the fallback for an ImagePath without the explicit
// service argument (a service registered by another tool).
func detectedService() bool {
	ok, err := svc.IsWindowsService()
	return err == nil && ok
}

// handler adapts the lifecycle to x/sys/windows/svc.
type handler struct {
	cfg     Config
	fn      Func
	logs    *logOpening   // the log's sinks, opened ahead
	started chan struct{} // closed when the SCM hands over the service
	ended   chan struct{} // closed when Execute has set err
	lost    chan struct{} // closed when the dispatcher returned before Execute did
	err     error
}

func (h *handler) Execute(_ []string, requests <-chan svc.ChangeRequest, changes chan<- svc.Status) (bool, uint32) {
	close(h.started)
	defer close(h.ended)

	controls := make(chan control, 4)
	done := make(chan struct{})
	defer close(done)
	go forwardControls(requests, controls, done)

	report := func(s status) {
		if s.State == stateStopped {
			return // x/sys reports STOPPED with the exit code Execute returns
		}
		// x/sys stops reading changes when SetServiceStatus fails.
		select {
		case changes <- toSvcStatus(s):
		case <-h.lost:
		}
	}
	var code uint32
	code, h.err = serve(h.cfg, h.fn, h.logs, controls, report, realClock{})
	return code != 0, code
}

// forwardControls never blocks the SCM's control thread for long: x/sys hands
// each request over synchronously.
func forwardControls(requests <-chan svc.ChangeRequest, controls chan<- control, done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case r := <-requests:
			var c control
			switch r.Cmd {
			case svc.Interrogate:
				c = controlInterrogate
			case svc.Stop:
				c = controlStop
			case svc.Shutdown:
				c = controlShutdown
			case svc.PreShutdown:
				c = controlPreShutdown
			default:
				continue
			}
			select {
			case controls <- c:
			case <-done:
				return
			}
		}
	}
}

func toSvcStatus(s status) svc.Status {
	out := svc.Status{
		CheckPoint: s.CheckPoint,
		WaitHint:   uint32(s.WaitHint / time.Millisecond),
	}
	switch s.State {
	case stateStartPending:
		out.State = svc.StartPending
	case stateRunning:
		out.State = svc.Running
	case stateStopPending:
		out.State = svc.StopPending
	case stateStopped:
		out.State = svc.Stopped
	}
	if s.AcceptStop {
		out.Accepts |= svc.AcceptStop | svc.AcceptShutdown
	}
	if s.AcceptPreSh {
		out.Accepts |= svc.AcceptPreShutdown
	}
	return out
}
