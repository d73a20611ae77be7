package service

import (
	"errors"
	"io"
	"os"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
	"golang.org/x/sys/windows/svc/eventlog"

	"github.com/svcpack/svcpack/service/internal/rotate"
)

// windowsLogSinks are the Event Log, the rotating file and stderr.
func windowsLogSinks() logSinks {
	return logSinks{
		openEvents:       func(name string) (eventWriteCloser, error) { return eventlog.Open(name) },
		sourceRegistered: eventSourceRegistered,
		openFile: func(dir, base string, p rotate.Policy) (io.WriteCloser, error) {
			return rotate.OpenPolicy(dir, base, p)
		},
		fallback: os.Stderr,
	}
}

// eventSourceRegistered looks for the key eventlog.InstallAsEventCreate (and
// so `service install|configure`) writes. Reading it needs no privilege.
func eventSourceRegistered(name string) (bool, error) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE,
		`SYSTEM\CurrentControlSet\Services\EventLog\Application\`+name, registry.QUERY_VALUE)
	if errors.Is(err, windows.ERROR_FILE_NOT_FOUND) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	k.Close()
	return true, nil
}
