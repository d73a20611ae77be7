package service

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/svcpack/svcpack/service/exitcode"
)

// Func is the program. It must call ready once it can serve (listening, config
// loaded), then run until ctx is cancelled, drain, and return. An error
// returned before ready fails the start; ctx is cancelled by Stop, Shutdown,
// PreShutdown (service mode) or Ctrl+C / SIGTERM (console mode).
type Func func(ctx context.Context, ready func()) error

// Run makes the program a service. It reads os.Args:
//
//	prog service run          service mode (the ImagePath the installer writes)
//	prog service <command>    the native CLI: install, uninstall, remove-data, start, stop, status, configure
//	prog …                    console mode: Ctrl+C / SIGTERM stop the program
//
// Pass the result to ExitCode for the process exit status.
func Run(cfg Config, fn Func) error {
	if cfg.Name == "" {
		err := exitcode.Wrap(exitcode.Usage, errors.New("service.Config.Name is empty: set it to the service name"))
		fmt.Fprintln(os.Stderr, err)
		return err
	}
	cfg = cfg.withDefaults()
	args := os.Args[1:]
	if len(args) > 0 && args[0] == ServiceArgs[0] {
		var err error
		if len(args) > 1 && args[1] == ServiceArgs[1] {
			err = runService(cfg, fn)
		} else {
			err = runManage(cfg, args[1:])
		}
		// The SCM discards stderr; a person at a console reads it. A service's
		// own failures are in the event log and the log file already.
		if code := exitcode.Of(err); code != exitcode.OK && (len(args) < 2 || args[1] != ServiceArgs[1] || code == exitcode.NotService) {
			fmt.Fprintf(os.Stderr, "%s: %v\n", cfg.Name, err)
		}
		return err
	}
	if detectedService() {
		return runService(cfg, fn)
	}
	return runConsole(cfg, fn)
}

// ExitCode maps Run's result to the process exit code (see package exitcode).
func ExitCode(err error) int { return exitcode.Of(err) }

// ConfigError marks err as a configuration error (exit code exitcode.Config).
// Return it from Func before ready when the configuration is invalid.
func ConfigError(err error) error { return exitcode.Wrap(exitcode.Config, err) }

func wrapPanic(v any, stack []byte) error {
	return exitcode.Wrap(exitcode.Panic, fmt.Errorf("panic: %v\n%s", v, stack))
}
