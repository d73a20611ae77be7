package service

import (
	"os"
	"path/filepath"
	"sync"
)

// logOpening is the service log's sinks, opened in the background from the
// moment the process knows it is to be a service (`service run`), while it
// connects to the SCM: the event source, the data folder and the log file
// (3–5 ms under Wine, where each check of a file is a round trip to the
// wineserver) are then ready
// when the SCM hands the service over, instead of standing between that
// hand-over and RUNNING (docs/benchmarks.md).
//
// It opens ahead only when the log folder's parent is there already (the
// data folder that install and configure create): a `service run` typed at
// a console, which is not the service after all, then creates no folder,
// and discard closes what it opened.
type logOpening struct {
	cfg   Config
	sinks logSinks
	done  chan struct{} // closed when the background opening has finished
	ahead bool          // set was opened in the background
	set   sinkSet

	mu    sync.Mutex
	owned bool // taken or discarded
}

// openLogAhead starts opening cfg's log sinks in the background.
func openLogAhead(cfg Config, s logSinks) *logOpening {
	o := &logOpening{cfg: cfg, sinks: s, done: make(chan struct{})}
	go func() {
		defer close(o.done)
		if _, err := os.Stat(filepath.Dir(logDir(cfg))); err != nil {
			return // take opens them, and reports why if it cannot
		}
		o.set, o.ahead = openSinks(cfg, s), true
	}()
	return o
}

// take hands the sinks over, waiting for the background opening, or opens
// them now when it did not (no data folder yet, or discarded already).
func (o *logOpening) take() sinkSet {
	o.mu.Lock()
	defer o.mu.Unlock()
	<-o.done
	if o.owned || !o.ahead {
		o.owned = true
		return openSinks(o.cfg, o.sinks)
	}
	o.owned = true
	return o.set
}

// discard closes the sinks opened ahead unless take has them: the process
// was not started as the service, or the service never ran.
func (o *logOpening) discard() {
	o.mu.Lock()
	defer o.mu.Unlock()
	<-o.done
	if o.owned {
		return
	}
	o.owned = true
	if o.ahead {
		o.set.close()
	}
}
