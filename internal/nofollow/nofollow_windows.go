package nofollow

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"
)

// winHandle is a Handle over a Windows file handle.
type winHandle struct {
	h windows.Handle
	// sd is given to a directory that Open creates (nil: inherited).
	sd *windows.SECURITY_DESCRIPTOR
}

const shareAll = windows.FILE_SHARE_READ | windows.FILE_SHARE_WRITE | windows.FILE_SHARE_DELETE

func access(use Use) uint32 {
	switch use {
	case UseSecure:
		return windows.FILE_READ_ATTRIBUTES | windows.FILE_LIST_DIRECTORY | windows.READ_CONTROL | windows.WRITE_DAC | windows.WRITE_OWNER | windows.SYNCHRONIZE
	case UseRemove:
		return windows.FILE_READ_ATTRIBUTES | windows.FILE_LIST_DIRECTORY | windows.DELETE | windows.SYNCHRONIZE
	}
	return windows.FILE_READ_ATTRIBUTES | windows.SYNCHRONIZE
}

// OpenDir opens the directory at path (following links: it is the trusted
// parent, such as ProgramData) for listing and opening entries below it.
func OpenDir(path string) (Handle, error) {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	h, err := windows.CreateFile(p, windows.FILE_READ_ATTRIBUTES|windows.FILE_LIST_DIRECTORY|windows.SYNCHRONIZE, shareAll, nil,
		windows.OPEN_EXISTING, windows.FILE_FLAG_BACKUP_SEMANTICS, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return &winHandle{h: h}, nil
}

// OpenDirFor is OpenDir whose Open gives a directory it creates the
// security descriptor sd from the start (no moment with inherited ACEs).
func OpenDirFor(path string, sd *windows.SECURITY_DESCRIPTOR) (Handle, error) {
	h, err := OpenDir(path)
	if err != nil {
		return nil, err
	}
	h.(*winHandle).sd = sd
	return h, nil
}

func (w *winHandle) Open(name string, use Use, create bool) (Handle, error) {
	if err := plainName(name); err != nil {
		return nil, err
	}
	us, err := windows.NewNTUnicodeString(name)
	if err != nil {
		return nil, err
	}
	oa := windows.OBJECT_ATTRIBUTES{RootDirectory: w.h, ObjectName: us, Attributes: windows.OBJ_CASE_INSENSITIVE}
	oa.Length = uint32(unsafe.Sizeof(oa))
	disposition, options := uint32(windows.FILE_OPEN), uint32(windows.FILE_OPEN_REPARSE_POINT|windows.FILE_SYNCHRONOUS_IO_NONALERT|windows.FILE_OPEN_FOR_BACKUP_INTENT)
	if create {
		disposition = windows.FILE_OPEN_IF
		options |= windows.FILE_DIRECTORY_FILE
		oa.SecurityDescriptor = w.sd
	}
	var h windows.Handle
	var iosb windows.IO_STATUS_BLOCK
	err = windows.NtCreateFile(&h, access(use), &oa, &iosb, nil, windows.FILE_ATTRIBUTE_NORMAL, shareAll, disposition, options, 0, 0)
	if err != nil {
		return nil, ntError(name, err)
	}
	return &winHandle{h: h, sd: w.sd}, nil
}

// ntError turns an NTSTATUS into the Win32 error people know, and "not
// found" into fs.ErrNotExist.
func ntError(name string, err error) error {
	var st windows.NTStatus
	if errors.As(err, &st) {
		err = st.Errno()
	}
	return &fs.PathError{Op: "open", Path: name, Err: err}
}

func (w *winHandle) Info() (Info, error) {
	var bi windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(w.h, &bi); err != nil {
		return Info{}, err
	}
	name, err := handleName(w.h)
	if err != nil {
		return Info{}, err
	}
	return Info{Name: name, Attrs: bi.FileAttributes, Links: bi.NumberOfLinks}, nil
}

// handleName is the handle's path on its volume, without the drive
// (FILE_NAME_INFO).
func handleName(h windows.Handle) (string, error) {
	buf := make([]byte, 1024)
	for {
		err := windows.GetFileInformationByHandleEx(h, windows.FileNameInfo, &buf[0], uint32(len(buf)))
		if errors.Is(err, windows.ERROR_MORE_DATA) && len(buf) < 1<<16 {
			buf = make([]byte, 2*len(buf))
			continue
		}
		if err != nil {
			return "", fmt.Errorf("query the name of an open file: %w", err)
		}
		n := *(*uint32)(unsafe.Pointer(&buf[0])) / 2
		if int(n) > (len(buf)-4)/2 {
			return "", errors.New("query the name of an open file: the name does not fit")
		}
		return windows.UTF16ToString(unsafe.Slice((*uint16)(unsafe.Pointer(&buf[4])), n)), nil
	}
}

// fullDirInfo is FILE_FULL_DIR_INFO (x/sys has no type for it).
type fullDirInfo struct {
	NextEntryOffset, FileIndex                                                    uint32
	CreationTime, LastAccessTime, LastWriteTime, ChangeTime, EndOfFile, AllocSize int64
	FileAttributes, FileNameLength, EaSize                                        uint32
	FileName                                                                      [1]uint16
}

func (w *winHandle) List() ([]Entry, error) {
	var out []Entry
	buf := make([]byte, 64*1024)
	class := uint32(windows.FileFullDirectoryRestartInfo)
	for {
		err := windows.GetFileInformationByHandleEx(w.h, class, &buf[0], uint32(len(buf)))
		if errors.Is(err, windows.ERROR_NO_MORE_FILES) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("list directory: %w", err)
		}
		class = windows.FileFullDirectoryInfo
		for off := 0; ; {
			info := (*fullDirInfo)(unsafe.Pointer(&buf[off]))
			name := windows.UTF16ToString(unsafe.Slice(&info.FileName[0], info.FileNameLength/2))
			if name != "." && name != ".." {
				out = append(out, Entry{Name: name, Attrs: info.FileAttributes})
			}
			if info.NextEntryOffset == 0 {
				break
			}
			off += int(info.NextEntryOffset)
		}
	}
}

func (w *winHandle) Delete() error {
	del := uint32(1) // FILE_DISPOSITION_INFO.DeleteFile
	return windows.SetFileInformationByHandle(w.h, windows.FileDispositionInfo, (*byte)(unsafe.Pointer(&del)), uint32(unsafe.Sizeof(del)))
}

func (w *winHandle) Close() error { return windows.CloseHandle(w.h) }

// SetSecurity gives the object h holds (never a link's target: h came from
// Open) owner and dacl; protected says whether the DACL blocks inheritance.
func SetSecurity(h Handle, owner *windows.SID, dacl *windows.ACL, protected bool) error {
	w, ok := h.(*winHandle)
	if !ok {
		return errors.New("not a Windows handle")
	}
	si := windows.SECURITY_INFORMATION(windows.OWNER_SECURITY_INFORMATION | windows.DACL_SECURITY_INFORMATION)
	if protected {
		si |= windows.PROTECTED_DACL_SECURITY_INFORMATION
	} else {
		si |= windows.UNPROTECTED_DACL_SECURITY_INFORMATION
	}
	return windows.SetSecurityInfo(w.h, windows.SE_FILE_OBJECT, si, owner, nil, dacl, nil)
}

// WithPrivileges runs f on a locked OS thread impersonating this process
// with its backup, restore and take-ownership privileges enabled, so an
// administrator (or LocalSystem) can open and re-own entries whose ACL a
// user set to keep administrators out. Privileges the token lacks stay off
// (f then meets ordinary access checks); the process token is not changed.
func WithPrivileges(f func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := windows.ImpersonateSelf(windows.SecurityImpersonation); err != nil {
		return f()
	}
	defer windows.RevertToSelf()
	var tok windows.Token
	if err := windows.OpenThreadToken(windows.CurrentThread(), windows.TOKEN_ADJUST_PRIVILEGES|windows.TOKEN_QUERY, false, &tok); err == nil {
		for _, name := range []string{"SeBackupPrivilege", "SeRestorePrivilege", "SeTakeOwnershipPrivilege"} {
			var luid windows.LUID
			if windows.LookupPrivilegeValue(nil, windows.StringToUTF16Ptr(name), &luid) != nil {
				continue
			}
			tp := windows.Tokenprivileges{PrivilegeCount: 1}
			tp.Privileges[0] = windows.LUIDAndAttributes{Luid: luid, Attributes: windows.SE_PRIVILEGE_ENABLED}
			_ = windows.AdjustTokenPrivileges(tok, false, &tp, 0, nil, nil) // ERROR_NOT_ALL_ASSIGNED: not held
		}
		tok.Close()
	}
	return f()
}

// volumeRelative is path without its drive or UNC share: the form
// FileNameInfo reports.
func volumeRelative(path string) string {
	return strings.TrimPrefix(path, filepath.VolumeName(path))
}

// CheckPath opens path without following a link at its end and returns an
// error unless it is a plain directory (dir) or a plain one-name file, and
// reached through no link anywhere on the way: the handle's own name must be
// path's. A missing path is an fs.ErrNotExist error.
func CheckPath(path string, dir bool) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	p, err := windows.UTF16PtrFromString(abs)
	if err != nil {
		return err
	}
	h, err := windows.CreateFile(p, windows.FILE_READ_ATTRIBUTES, shareAll, nil, windows.OPEN_EXISTING,
		windows.FILE_FLAG_OPEN_REPARSE_POINT|windows.FILE_FLAG_BACKUP_SEMANTICS, 0)
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer windows.CloseHandle(h)
	return checkAt(h, abs, dir)
}

func checkAt(h windows.Handle, abs string, dir bool) error {
	wh := &winHandle{h: h}
	if err := Check(wh, volumeRelative(abs), abs, dir); err != nil {
		return err
	}
	// The listing's view too: under Wine 8.0 a handle to a Unix symbolic
	// link to a directory is the target's, while the attributes by path say
	// FILE_ATTRIBUTE_REPARSE_POINT.
	a, err := windows.GetFileAttributes(windows.StringToUTF16Ptr(abs))
	if err == nil && a&AttrReparsePoint != 0 {
		return &LinkError{Op: "open", Path: abs, Kind: Redirected}
	}
	return nil
}

// MkdirAll is os.MkdirAll that refuses to go through a link: every folder
// of path that exists is checked with CheckPath, and every one it creates is
// checked after creating it.
func MkdirAll(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	err = CheckPath(abs, true)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	parent := filepath.Dir(abs)
	if parent == abs {
		return err
	}
	if err := MkdirAll(parent); err != nil {
		return err
	}
	if err := os.Mkdir(abs, 0o750); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return CheckPath(abs, true)
}

// OpenAppend opens (creating it if missing) the file at path for appending,
// without following a link at its end, and returns it only if it is a plain
// file with one name reached through no link: a log written through a link
// would land wherever the link points. Sharing is read and write, like
// os.OpenFile's, so it can be renamed only once closed.
func OpenAppend(path string) (*os.File, error) {
	return openPlain(path, windows.FILE_APPEND_DATA, windows.OPEN_ALWAYS, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE)
}

// OpenRead opens the existing file at path for reading under the same rule
// as OpenAppend: a config read through a link would be whatever file the
// link's maker chose, read with the reader's rights. A missing file is an
// fs.ErrNotExist error. Delete is shared too: a reader holding the file open
// (a process of the service's account, say) must not block an administrator
// who replaces it by renaming a new file over it.
func OpenRead(path string) (*os.File, error) {
	return openPlain(path, windows.FILE_READ_DATA, windows.OPEN_EXISTING, shareAll)
}

// openPlain opens path with access, disposition and share mode, never
// through a link at its end, and keeps the handle only for a plain file with
// one name.
func openPlain(path string, access, disposition, share uint32) (*os.File, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	p, err := windows.UTF16PtrFromString(abs)
	if err != nil {
		return nil, err
	}
	h, err := windows.CreateFile(p, access|windows.FILE_READ_ATTRIBUTES|windows.SYNCHRONIZE,
		share, nil, disposition,
		windows.FILE_ATTRIBUTE_NORMAL|windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	if err := checkAt(h, abs, false); err != nil {
		windows.CloseHandle(h)
		return nil, err
	}
	return os.NewFile(uintptr(h), abs), nil
}

// RemoveFile deletes the file at path, or the link itself if path is a
// link; a link the system opens only as its target (under Wine, a Unix
// symbolic link, where DeleteFileW deletes the target) is refused with a
// *LinkError. A missing path is an fs.ErrNotExist error.
func RemoveFile(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	p, err := OpenDir(filepath.Dir(abs))
	if err != nil {
		return err
	}
	defer p.Close()
	pinfo, err := p.Info()
	if err != nil {
		return err
	}
	h, err := p.Open(filepath.Base(abs), UseRemove, false)
	if err != nil {
		return err
	}
	info, err := h.Info()
	if err == nil {
		switch Classify(join(pinfo.Name, filepath.Base(abs)), 0, info) {
		case Redirected:
			err = &LinkError{Op: "remove", Path: abs, Kind: Redirected}
		case Dir:
			err = fmt.Errorf("remove %s: it is a folder, not a file", abs)
		default:
			err = h.Delete()
		}
	}
	if cerr := h.Close(); err == nil {
		err = cerr
	}
	return err
}
