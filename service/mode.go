package service

import (
	"os"
	"strconv"
)

// RunMode is what Run does with the program; Mode says which.
type RunMode int

const (
	// ModeConsole: the program runs in the foreground until Ctrl+C or
	// SIGTERM, logging to stderr, on any OS.
	ModeConsole RunMode = iota + 1
	// ModeService: the program runs as a Windows service under the Service
	// Control Manager, logging to the event log and the log file.
	ModeService
	// ModeManage: Run runs the native CLI (`<program> service install|…`)
	// and returns; the program's function is not called.
	ModeManage
)

func (m RunMode) String() string {
	switch m {
	case ModeConsole:
		return "console"
	case ModeService:
		return "service"
	case ModeManage:
		return "manage"
	}
	return "RunMode(" + strconv.Itoa(int(m)) + ")"
}

// Mode reports the mode Run runs this process in, decided as Run decides
// it, from os.Args:
//
//	prog service run        ModeService (the ImagePath the installer writes)
//	prog service …          ModeManage (any other word after "service", or none)
//	prog …                  ModeConsole, unless the process was started by the
//	                        SCM without the service argument (a service
//	                        another tool registered): ModeService
//
// The last check happens on Windows only, and only when the first argument
// is not "service": it asks whether the parent process is services.exe
// (golang.org/x/sys/windows/svc.IsWindowsService), which Wine always answers
// "no". Call Mode before Run (to skip console-only flags, say) or inside the
// program's function; it returns the same answer as long as os.Args stays.
func Mode() RunMode { return modeOf(os.Args[1:], detectedService) }

// modeOf is the decision behind Run and Mode; detected is asked only when
// the arguments do not decide.
func modeOf(args []string, detected func() bool) RunMode {
	if len(args) > 0 && args[0] == serviceCommand {
		if len(args) > 1 && args[1] == runCommand {
			return ModeService
		}
		return ModeManage
	}
	if detected() {
		return ModeService
	}
	return ModeConsole
}
