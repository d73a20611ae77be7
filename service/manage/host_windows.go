package manage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/svc/eventlog"

	"github.com/svcpack/svcpack/internal/rmtree"
	"github.com/svcpack/svcpack/service/internal/programdata"
)

type winHost struct{}

func (winHost) Executable() (string, error) { return os.Executable() }

// InstallEventSource registers name in the Application log with EventCreate.exe
// as its message file, so events need no message DLL of ours.
func (winHost) InstallEventSource(name string) error {
	err := eventlog.InstallAsEventCreate(name, eventlog.Error|eventlog.Warning|eventlog.Info)
	// eventlog reports an existing source only as this text.
	if err != nil && strings.HasSuffix(err.Error(), "registry key already exists") {
		return nil
	}
	return err
}

func (winHost) RemoveEventSource(name string) error {
	err := eventlog.Remove(name)
	if errors.Is(err, windows.ERROR_FILE_NOT_FOUND) {
		return nil
	}
	return err
}

// DataRoot is the folder service.DataDir uses too.
func (winHost) DataRoot() (string, error) { return programdata.Root(), nil }

// RemoveTree does not use os.RemoveAll, which fails under Wine 8.0 (see rmtree).
func (winHost) RemoveTree(dir string) (bool, error) { return rmtree.Remove(dir) }

func (h winHost) EnsureDataDir(name, account string) (string, error) {
	base, err := h.DataRoot()
	if err != nil {
		return "", fmt.Errorf("find ProgramData: %w", err)
	}
	dir := filepath.Join(base, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	sid, ok := wellKnownSID(account)
	if !ok {
		s, _, _, err := windows.LookupSID("", account)
		if err != nil {
			return "", fmt.Errorf("look up account %q: %w", account, err)
		}
		sid = s.String()
	}
	sd, err := windows.SecurityDescriptorFromString(dataDirSDDL(sid))
	if err != nil {
		return "", fmt.Errorf("ACL for %s: %w", account, err)
	}
	dacl, _, err := sd.DACL()
	if err != nil {
		return "", err
	}
	// Administrators own the directory: a user may create folders in
	// ProgramData, and whoever owns dir may rewrite its DACL. Setting a
	// protected DACL also re-applies inheritance to what is already below dir
	// (an upgrade keeps its config and logs).
	admins, err := windows.CreateWellKnownSid(windows.WinBuiltinAdministratorsSid)
	if err != nil {
		return "", err
	}
	err = windows.SetNamedSecurityInfo(dir, windows.SE_FILE_OBJECT,
		windows.OWNER_SECURITY_INFORMATION|windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION,
		admins, nil, dacl, nil)
	if err != nil {
		return "", fmt.Errorf("set ACL of %s: %w", dir, err)
	}
	return dir, nil
}
