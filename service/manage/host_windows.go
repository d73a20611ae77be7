package manage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/svc/eventlog"

	"github.com/svcpack/svcpack/internal/nofollow"
	"github.com/svcpack/svcpack/internal/rmtree"
	"github.com/svcpack/svcpack/service/clip"
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

// RemoveTree removes dir through handles, never following a link (see
// rmtree and nofollow): a link is removed itself, never its target.
func (winHost) RemoveTree(dir string) (bool, error) { return rmtree.Remove(dir) }

// EnsureDataDir creates %ProgramData%\<name> or takes over the one that is
// there, and gives it and everything below it the data-dir ACL, without ever
// following a link (package nofollow):
//
//   - A missing folder is created with its final owner and DACL (no moment
//     with ProgramData's inherited ACEs, which let users write).
//   - An existing one is opened without following a link. A user may create
//     folders in ProgramData and owns what they create, so it may be theirs:
//     it gets Administrators as owner and the protected DACL first, through
//     the handle, so its maker loses write access before its entries are
//     walked; then each entry gets Administrators as owner and the folder's
//     ACL as inherited ACEs (whatever its maker set), each folder before its
//     own entries are listed.
//   - Its dumps\ folder (DumpsFolder) is created in it with the same ACL,
//     so the service account may write there: WER writes a LocalDumps dump in
//     the crashing process's context ("Collecting User-Mode Dumps": the
//     folder's ACL must let the crashing process write), and SYSTEM and
//     Administrators have full control.
//   - A link anywhere (the folder itself, logs\, a file), or a file with
//     more than one name (a hard link, whose ACL is shared with a file
//     elsewhere), is refused: nothing is changed through it, and the error
//     names the path and says to delete the link. Refused, not removed: the
//     product deletes nothing it did not create, and an administrator who
//     moved the folder elsewhere with a junction should learn so, not lose
//     the folder's content from the service's view.
func (h winHost) EnsureDataDir(name, account string) (string, error) {
	if err := plainFolderName(name); err != nil {
		return "", fmt.Errorf("data directory: %w", err)
	}
	base, err := h.DataRoot()
	if err != nil {
		return "", fmt.Errorf("find ProgramData: %w", err)
	}
	dir := filepath.Join(base, name)
	sid, ok := wellKnownSID(account)
	if !ok {
		s, _, _, err := windows.LookupSID("", account)
		if err != nil {
			return "", fmt.Errorf("look up account %s: %w", clip.Quote(account), err)
		}
		sid = s.String()
	}
	// Administrators own everything: whoever owns an object may rewrite its DACL.
	admins, err := windows.CreateWellKnownSid(windows.WinBuiltinAdministratorsSid)
	if err != nil {
		return "", err
	}
	top, err := securityDescriptor(dataDirSDDL(sid))
	if err != nil {
		return "", fmt.Errorf("ACL for %s: %w", clip.Quote(account), err)
	}
	subdir, err := securityDescriptor(dataDirChildSDDL(sid, true))
	if err != nil {
		return "", fmt.Errorf("ACL for %s: %w", clip.Quote(account), err)
	}
	file, err := securityDescriptor(dataDirChildSDDL(sid, false))
	if err != nil {
		return "", fmt.Errorf("ACL for %s: %w", clip.Quote(account), err)
	}
	set := func(h nofollow.Handle, isTop, isDir bool) error {
		sd := file
		switch {
		case isTop:
			sd = top
		case isDir:
			sd = subdir
		}
		dacl, _, err := sd.DACL()
		if err != nil {
			return err
		}
		if err := nofollow.SetSecurity(h, admins, dacl, isTop); err != nil {
			return fmt.Errorf("set owner and ACL: %w", err)
		}
		return nil
	}
	err = nofollow.WithPrivileges(func() error {
		parent, err := nofollow.OpenDirFor(base, top)
		if err != nil {
			return err
		}
		defer parent.Close()
		return nofollow.Secure(parent, name, dir, set, DumpsFolder)
	})
	if err != nil {
		return "", err
	}
	return dir, nil
}

// securityDescriptor is sddl (a DACL) with Administrators as owner.
func securityDescriptor(sddl string) (*windows.SECURITY_DESCRIPTOR, error) {
	return windows.SecurityDescriptorFromString("O:BA" + sddl)
}
