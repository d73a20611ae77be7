//go:build !windows

package service

import (
	"errors"

	"github.com/svcpack/svcpack/service/exitcode"
)

func runService(Config, Func) error {
	return exitcode.Wrap(exitcode.NotService,
		errors.New("service mode needs Windows: run the program without `service run` for console mode"))
}

func detectedService() bool { return false }
