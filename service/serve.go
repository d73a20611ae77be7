package service

import (
	"log/slog"

	"github.com/svcpack/svcpack/service/exitcode"
)

// serve is service mode without the SCM: it opens the log, runs the
// lifecycle, and returns the code to report to the SCM with STOPPED (0: a
// clean stop) and the program's result. The Windows handler wires it to the
// SCM's channels; tests drive it with fakes and a fake clock.
func serve(cfg Config, fn Func, logs *logOpening, controls <-chan control, report func(status), clk clock) (uint32, error) {
	log, gate := newServiceLog(cfg, logs.sinks, logs.take())
	// The program may log after this (after a stop timeout it still runs):
	// the gate sends such records through freshly opened sinks.
	defer gate.Close()
	slog.SetDefault(log)

	l := &lifecycle{cfg: cfg, controls: controls, clock: clk, log: log, report: report}
	err := l.run(fn)
	code := exitcode.Of(err)
	if l.stoppedByControl && code != exitcode.OK {
		// A stop someone asked for is not a failure the SCM should recover
		// from by restarting (configure sets failure-on-non-crash): the code
		// stays in the log, the event and the process exit status.
		log.Warn("reporting a clean stop to the SCM: the stop was requested", "exit_code", code)
		return 0, err
	}
	return uint32(code), err
}
