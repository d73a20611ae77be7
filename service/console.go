package service

import (
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// runConsole runs the program in the foreground on any OS: Ctrl+C or SIGTERM
// begins the same drain as a service stop; a second one kills the process.
func runConsole(cfg Config, fn Func) error {
	log := slog.New(slog.NewTextHandler(recordCap{w: os.Stderr, max: maxRecordBytes}, &slog.HandlerOptions{Level: cfg.Log.Level}))
	slog.SetDefault(log)

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	controls := make(chan control, 1)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-sigs:
			signal.Stop(sigs) // the default action returns: a second Ctrl+C kills
			controls <- controlStop
		case <-done:
		}
	}()

	l := &lifecycle{
		cfg:      cfg,
		controls: controls,
		clock:    realClock{},
		log:      log,
		report: func(s status) {
			log.Debug("status", "state", s.State.String(), "checkpoint", s.CheckPoint, "exit_code", s.ExitCode)
		},
	}
	return l.run(fn)
}
