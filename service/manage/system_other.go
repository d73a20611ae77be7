//go:build !windows

package manage

import (
	"errors"
	"os"
)

// errNoSCM is what every command meets off Windows: the CLI parses and
// validates everywhere, but only Windows has a Service Control Manager.
var errNoSCM = errors.New("the Service Control Manager exists only on Windows")

func system() (SCM, Host) { return noSCM{}, noHost{} }

// noSCM fails at the first call every command makes (OpenManager), so its
// other methods are never reached; they fail the same way regardless.
type noSCM struct{}

func (noSCM) OpenManager(uint32) (Handle, error)                 { return 0, errNoSCM }
func (noSCM) OpenService(Handle, string, uint32) (Handle, error) { return 0, errNoSCM }
func (noSCM) CreateService(Handle, string, ServiceConfig, uint32) (Handle, error) {
	return 0, errNoSCM
}
func (noSCM) QueryStatus(Handle) (Status, error)           { return Status{}, errNoSCM }
func (noSCM) QueryConfig(Handle) (ServiceConfig, error)    { return ServiceConfig{}, errNoSCM }
func (noSCM) QueryConfig2(Handle, uint32) (Config2, error) { return Config2{}, errNoSCM }
func (noSCM) Start(Handle) error                           { return errNoSCM }
func (noSCM) Control(Handle, uint32) (Status, error)       { return Status{}, errNoSCM }
func (noSCM) Delete(Handle) error                          { return errNoSCM }
func (noSCM) ChangeConfig(Handle, ServiceConfig) error     { return errNoSCM }
func (noSCM) ChangeConfig2(Handle, uint32, Config2) error  { return errNoSCM }
func (noSCM) Close(Handle) error                           { return errNoSCM }

type noHost struct{}

func (noHost) Executable() (string, error)                   { return os.Executable() }
func (noHost) InstallEventSource(string) error               { return errNoSCM }
func (noHost) RemoveEventSource(string) error                { return errNoSCM }
func (noHost) EnsureDataDir(string, string) (string, error)  { return "", errNoSCM }
func (noHost) DataRoot() (string, error)                     { return "", errNoSCM }
func (noHost) RemoveTree(string) (bool, error)               { return false, errNoSCM }
func (noHost) ReadInstallerKey(string) (InstallerKey, error) { return InstallerKey{}, errNoSCM }
func (noHost) DeleteGiven(string, []string) error            { return errNoSCM }
func (noHost) EnsureServiceLogonRight(string) (bool, error)  { return false, errNoSCM }
