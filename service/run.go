package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/svcpack/svcpack/service/clip"
	"github.com/svcpack/svcpack/service/exitcode"
)

// Func is the program. It must call ready once it can serve (listening, config
// loaded), then run until ctx is cancelled, drain, and return. An error
// returned before ready fails the start; ctx is cancelled by Stop, Shutdown,
// PreShutdown (service mode) or Ctrl+C / SIGTERM (console mode).
type Func func(ctx context.Context, ready func()) error

// Run makes the program a service. It reads os.Args (see Mode):
//
//	prog service run          service mode (the ImagePath the installer writes)
//	prog service <command>    the native CLI: install, uninstall, remove-data, start, stop, status, configure, preflight
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
	switch modeOf(args, detectedService) {
	case ModeService:
		err := runService(cfg, fn)
		// The SCM discards stderr, and a service's own failures are in the
		// event log and the log file already; a person who typed
		// `service run` at a console reads why it is not a service.
		if exitcode.Of(err) == exitcode.NotService {
			printError(os.Stderr, cfg.Name, err)
		}
		return err
	case ModeManage:
		err := runManage(cfg, args[1:])
		if err != nil && setupCommand(args[1:]) {
			reportSetupFailure(cfg.Name, args[1], err, openSetupEvents)
		}
		if exitcode.Of(err) != exitcode.OK {
			printError(os.Stderr, cfg.Name, err)
		}
		return err
	}
	return runConsole(cfg, fn)
}

// ExitCode maps Run's result to the process exit code (see package exitcode).
func ExitCode(err error) int { return exitcode.Of(err) }

// ConfigError marks err as a configuration error (exit code exitcode.Config).
// Return it from Func before ready when the configuration is invalid.
func ConfigError(err error) error { return exitcode.Wrap(exitcode.Config, err) }

// printError writes err to a console, bounded like a log record: an error
// echoing a megabyte value must not flood the screen.
func printError(w io.Writer, name string, err error) {
	_, _ = recordCap{w: w, max: maxRecordBytes}.Write([]byte(name + ": " + err.Error() + "\n"))
}

// maxPanicValue bounds the panic value in the error, so the value cannot push
// the stack's first frames out of the event (maxEventChars) or the log record.
const maxPanicValue = 4 << 10

func wrapPanic(v any, stack []byte) error {
	value := fmt.Sprint(v)
	if len(value) > maxPanicValue {
		value = clip.Prefix(value, maxPanicValue) + "… (" + strconv.Itoa(len(value)) + " bytes)"
	}
	return exitcode.Wrap(exitcode.Panic, fmt.Errorf("panic: %s\n%s", value, stack))
}
