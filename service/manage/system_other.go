//go:build !windows

package manage

import (
	"errors"
	"os"
)

// errNoSCM is what every command meets off Windows: the CLI parses and
// validates everywhere, but only Windows has a Service Control Manager.
var errNoSCM = errors.New("the Service Control Manager exists only on Windows")

func system() (scmAPI, hostAPI) { return noSCM{}, noHost{} }

// noSCM fails at the first call every command makes (OpenManager), so its
// other methods are never reached; they fail the same way regardless.
type noSCM struct{}

func (noSCM) OpenManager(uint32) (scHandle, error)                   { return 0, errNoSCM }
func (noSCM) OpenService(scHandle, string, uint32) (scHandle, error) { return 0, errNoSCM }
func (noSCM) CreateService(scHandle, string, serviceConfig, uint32) (scHandle, error) {
	return 0, errNoSCM
}
func (noSCM) QueryStatus(scHandle) (serviceStatus, error) { return serviceStatus{}, errNoSCM }
func (noSCM) QueryConfig(scHandle) (serviceConfig, error) { return serviceConfig{}, errNoSCM }
func (noSCM) QueryConfig2(scHandle, uint32) (serviceConfig2, error) {
	return serviceConfig2{}, errNoSCM
}
func (noSCM) Start(scHandle) error                                 { return errNoSCM }
func (noSCM) Control(scHandle, uint32) (serviceStatus, error)      { return serviceStatus{}, errNoSCM }
func (noSCM) Delete(scHandle) error                                { return errNoSCM }
func (noSCM) ChangeConfig(scHandle, serviceConfig) error           { return errNoSCM }
func (noSCM) ChangeConfig2(scHandle, uint32, serviceConfig2) error { return errNoSCM }
func (noSCM) Close(scHandle) error                                 { return errNoSCM }

type noHost struct{}

func (noHost) Executable() (string, error)                  { return os.Executable() }
func (noHost) InstallEventSource(string) error              { return errNoSCM }
func (noHost) RemoveEventSource(string) error               { return errNoSCM }
func (noHost) EnsureDataDir(string, string) (string, error) { return "", errNoSCM }
func (noHost) DataRoot() (string, error)                    { return "", errNoSCM }
func (noHost) RemoveTree(string) (bool, error)              { return false, errNoSCM }
func (noHost) ReadInstallerKey(string) (installerKeyValues, error) {
	return installerKeyValues{}, errNoSCM
}
func (noHost) DeleteGiven(string, []string) error           { return errNoSCM }
func (noHost) EnsureServiceLogonRight(string) (bool, error) { return false, errNoSCM }
