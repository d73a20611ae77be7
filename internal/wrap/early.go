package wrap

import "sync"

// heldProcess is the program created but not yet running: on Windows its
// process exists, in its job, its first thread suspended, so none of its
// code has run.
type heldProcess interface {
	// Resume lets it run; if it cannot, its tree is ended.
	Resume() (Process, error)
	// Release ends it without ever letting it run.
	Release()
}

// Early is the program's first start, begun in the background before the
// service's start reaches it (under the SCM, while the service connects),
// so that the slow part — the process's creation — overlaps the rest. The
// program is held suspended until Start hands it over: nothing of it runs
// before the Supervisor starts it, as if it had been created then.
type Early struct {
	made  chan struct{}
	held  heldProcess
	err   error
	start Starter // the later starts

	mu    sync.Mutex
	taken bool
}

// StartEarly begins creating the program as c says, its output going to
// out. With a pre_start hook it creates nothing: the hook must run before
// the program's process exists (it may replace the program's files).
func StartEarly(c Config, out *LineSink) *Early {
	return startEarly(c, out, holdProcess, StartProcess)
}

func startEarly(c Config, out *LineSink, hold func(Config, *LineSink) (heldProcess, error), start Starter) *Early {
	e := &Early{made: make(chan struct{}), start: start}
	if c.Hooks.PreStart != nil {
		e.taken = true
		close(e.made)
		return e
	}
	go func() {
		defer close(e.made)
		e.held, e.err = hold(c, out)
	}()
	return e
}

// Start is the Supervisor's Starter: its first call resumes the program
// created early (c and out must be those StartEarly had), or returns why it
// could not be created; every later call is StartProcess.
func (e *Early) Start(c Config, out *LineSink) (Process, error) {
	e.mu.Lock()
	first := !e.taken
	e.taken = true
	e.mu.Unlock()
	if !first {
		return e.start(c, out)
	}
	<-e.made
	if e.err != nil {
		return nil, e.err
	}
	return e.held.Resume()
}

// Release ends the program created early if Start never handed it over (the
// start failed or was stopped before the program's turn). It waits for the
// creation to finish.
func (e *Early) Release() {
	e.mu.Lock()
	unused := !e.taken
	e.taken = true
	e.mu.Unlock()
	if !unused {
		return
	}
	<-e.made
	if e.held != nil {
		e.held.Release()
	}
}
