package service

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"

	"github.com/svcpack/svcpack/service/internal/rotate"
)

// logSinks are the places the service-mode log can write to; log_windows.go
// supplies the real ones, tests fakes.
type logSinks struct {
	// openEvents opens the event log for the source name.
	openEvents func(name string) (eventWriteCloser, error)
	// sourceRegistered tells whether the event source name is registered.
	// Opening the event log does not: RegisterEventSource succeeds for any
	// name, and Windows then shows every event with "The description for
	// Event ID … cannot be found".
	sourceRegistered func(name string) (bool, error)
	// openFile opens the rotating log file.
	openFile func(dir, base string, p rotate.Policy) (io.WriteCloser, error)
	// fallback takes records when no sink opened.
	fallback io.Writer
}

type eventWriteCloser interface {
	eventWriter
	Close() error
}

// newServiceLog logs to the Event Log (source cfg.Name, registered by the
// installer) and to a rotating file under %ProgramData%\<name>\logs. Either
// may be unavailable (source not registered, directory not writable): the
// other one still works, and the first records say what is missing and what
// to do.
//
// Close the returned gate when the service has stopped. The program may still
// log after that: after a stop timeout its goroutine runs on until the process
// exits, and a program may log after Run returns. Such a record must neither
// reach a closed handle nor vanish, so once the gate is closed each record
// opens the sinks afresh, is written, and closes them again: slow, but only
// for the few records a stopped service writes.
func newServiceLog(cfg Config, s logSinks, first sinkSet) (*slog.Logger, *logGate) {
	g := &logGate{close: first.close}
	log := slog.New(&gatedHandler{g: g, open: first.handler, late: &reopenHandler{cfg: cfg, sinks: s}})
	for _, p := range first.problems {
		log.Warn("logging degraded", "cause", p)
	}
	return log, g
}

// sinkSet is the log's handler over the sinks that opened, what did not, and
// how to close them.
type sinkSet struct {
	handler  slog.Handler
	problems []string
	close    func()
}

func openSinks(cfg Config, s logSinks) sinkSet {
	opts := &slog.HandlerOptions{Level: cfg.Log.Level}
	var handlers []slog.Handler
	var problems []string
	var closers []func()

	if el, err := s.openEvents(cfg.Name); err != nil {
		problems = append(problems, fmt.Sprintf("event log source %q: %v", cfg.Name, err))
	} else {
		handlers = append(handlers, newEventHandler(el, cfg.Log.Level))
		closers = append(closers, func() { _ = el.Close() })
		// The events are still written: their text is readable under the
		// "cannot be found" preamble, and an admin may not read the file.
		switch ok, err := s.sourceRegistered(cfg.Name); {
		case err != nil:
			problems = append(problems, fmt.Sprintf("event log source %q: cannot tell whether it is registered: %v", cfg.Name, err))
		case !ok:
			problems = append(problems, fmt.Sprintf("event log source %q is not registered: "+
				"Event Viewer shows these events as \"The description for Event ID … cannot be found\"; "+
				"run `%s service configure` as administrator (or repair the installation) to register it",
				cfg.Name, cfg.Name))
		}
	}

	dir := logDir(cfg)
	if w, err := s.openFile(dir, cfg.Name, cfg.Log.policy()); err != nil {
		problems = append(problems, fmt.Sprintf("log file in %s: %v", dir, err))
	} else {
		handlers = append(handlers, slog.NewTextHandler(recordCap{w: w, max: maxRecordBytes}, opts))
		closers = append(closers, func() { _ = w.Close() })
	}

	if len(handlers) == 0 {
		// Nowhere to log: stderr is discarded for services, but keeps the logger valid.
		handlers = append(handlers, slog.NewTextHandler(recordCap{w: s.fallback, max: maxRecordBytes}, opts))
	}
	return sinkSet{
		handler:  slog.NewMultiHandler(handlers...),
		problems: problems,
		close: func() {
			for _, c := range closers {
				c()
			}
		},
	}
}

// logDir is the folder of the service's log file.
func logDir(cfg Config) string {
	if cfg.Log.Dir != "" {
		return cfg.Log.Dir
	}
	return filepath.Join(DataDir(cfg.Name), "logs")
}

// logGate lets the log's handles be closed while something may still log:
// a record either finishes on the open handles before Close closes them, or
// comes after and goes to the late handler, never to a closed handle.
type logGate struct {
	mu     sync.RWMutex
	closed bool
	close  func()
}

// Close closes the sinks once; records after it take the late path.
func (g *logGate) Close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return
	}
	g.closed = true
	g.close()
}

type gatedHandler struct {
	g          *logGate
	open, late slog.Handler
}

func (h *gatedHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.open.Enabled(ctx, l) || h.late.Enabled(ctx, l)
}

func (h *gatedHandler) Handle(ctx context.Context, r slog.Record) error {
	h.g.mu.RLock()
	defer h.g.mu.RUnlock()
	if h.g.closed {
		return h.late.Handle(ctx, r)
	}
	return h.open.Handle(ctx, r)
}

func (h *gatedHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &gatedHandler{g: h.g, open: h.open.WithAttrs(attrs), late: h.late.WithAttrs(attrs)}
}

func (h *gatedHandler) WithGroup(name string) slog.Handler {
	return &gatedHandler{g: h.g, open: h.open.WithGroup(name), late: h.late.WithGroup(name)}
}

// reopenHandler writes each record through freshly opened sinks, closed again
// at once. Its problems were reported when the log was first opened.
type reopenHandler struct {
	cfg   Config
	sinks logSinks
	with  []func(slog.Handler) slog.Handler // WithAttrs and WithGroup, in order
}

func (h *reopenHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= h.cfg.Log.Level }

func (h *reopenHandler) Handle(ctx context.Context, r slog.Record) error {
	set := openSinks(h.cfg, h.sinks)
	defer set.close()
	hd := set.handler
	for _, w := range h.with {
		hd = w(hd)
	}
	return hd.Handle(ctx, r)
}

func (h *reopenHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return h.and(func(hd slog.Handler) slog.Handler { return hd.WithAttrs(attrs) })
}

func (h *reopenHandler) WithGroup(name string) slog.Handler {
	return h.and(func(hd slog.Handler) slog.Handler { return hd.WithGroup(name) })
}

func (h *reopenHandler) and(w func(slog.Handler) slog.Handler) slog.Handler {
	n := *h
	n.with = append(append([]func(slog.Handler) slog.Handler(nil), h.with...), w)
	return &n
}
