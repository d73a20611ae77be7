//go:build !windows

package service

import "errors"

// openSetupEvents: there is no Event Log outside Windows; a console run
// prints the error, which is all a setup failure gets there.
var openSetupEvents = func(string) (eventWriteCloser, error) { return nil, errors.New("no Event Log here") }
