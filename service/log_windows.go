package service

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows/svc/eventlog"

	"github.com/svcpack/svcpack/service/internal/rotate"
)

// openServiceLog logs to the Event Log (source cfg.Name, registered by the
// installer) and to a rotating file under %ProgramData%\<name>\logs. Either
// may be unavailable (source not registered, directory not writable): the
// other one still works, and the first record says what is missing.
func openServiceLog(cfg Config) (*slog.Logger, func()) {
	opts := &slog.HandlerOptions{Level: cfg.Log.Level}
	var handlers []slog.Handler
	var problems []string
	var closers []func()

	if el, err := eventlog.Open(cfg.Name); err != nil {
		problems = append(problems, fmt.Sprintf("event log source %q: %v", cfg.Name, err))
	} else {
		handlers = append(handlers, newEventHandler(el, cfg.Log.Level))
		closers = append(closers, func() { _ = el.Close() })
	}

	dir := cfg.Log.Dir
	if dir == "" {
		dir = filepath.Join(DataDir(cfg.Name), "logs")
	}
	if w, err := rotate.Open(dir, cfg.Name, cfg.Log.MaxBytes, cfg.Log.MaxFiles); err != nil {
		problems = append(problems, fmt.Sprintf("log file in %s: %v", dir, err))
	} else {
		handlers = append(handlers, slog.NewTextHandler(w, opts))
		closers = append(closers, func() { _ = w.Close() })
	}

	if len(handlers) == 0 {
		// Nowhere to log: stderr is discarded for services, but keeps the logger valid.
		handlers = append(handlers, slog.NewTextHandler(os.Stderr, opts))
	}
	log := slog.New(slog.NewMultiHandler(handlers...))
	for _, p := range problems {
		log.Warn("logging degraded", "cause", p)
	}
	return log, func() {
		for _, c := range closers {
			c()
		}
	}
}
