package linktest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// Kind is a kind of link.
type Kind string

const (
	Junction        Kind = "junction"                          // directory only
	SymlinkDir      Kind = "directory symbolic link"           // CreateSymbolicLink
	SymlinkFile     Kind = "file symbolic link"                // CreateSymbolicLink
	UnixSymlinkDir  Kind = "Unix symbolic link to a directory" // Wine only
	UnixSymlinkFile Kind = "Unix symbolic link to a file"      // Wine only
	HardLink        Kind = "hard link"                         // file only
)

// DirKinds and FileKinds are the kinds of link to a directory and to a file.
var (
	DirKinds  = []Kind{Junction, SymlinkDir, UnixSymlinkDir}
	FileKinds = []Kind{SymlinkFile, UnixSymlinkFile, HardLink}
)

var wineGetVersion = windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version")

// UnderWine reports whether ntdll is Wine's.
func UnderWine() bool { return wineGetVersion.Find() == nil }

func wineVersion() string {
	r, _, _ := wineGetVersion.Call()
	if r == 0 {
		return "?"
	}
	return windows.BytePtrToString(*(**byte)(unsafe.Pointer(&r)))
}

func notVerifiable(t *testing.T, what string) {
	t.Helper()
	t.Skipf("NOT VERIFIABLE HERE (Wine %s): %s; asserted when run on Windows", wineVersion(), what)
}

// Make makes link, a link of kind to target (absolute Windows paths), and
// removes the link itself (never its target) when the test ends. It skips
// the test when this system cannot make kind.
func Make(t *testing.T, kind Kind, link, target string) {
	t.Helper()
	var err error
	switch kind {
	case Junction:
		err = junction(link, target)
		if err != nil && UnderWine() {
			notVerifiable(t, "Wine 8.0 cannot make a junction (FSCTL_SET_REPARSE_POINT: "+err.Error()+")")
		}
		t.Cleanup(func() { _ = windows.RemoveDirectory(windows.StringToUTF16Ptr(link)) })
	case SymlinkDir, SymlinkFile:
		var flags uint32 = 0x2 // SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE
		if kind == SymlinkDir {
			flags |= windows.SYMBOLIC_LINK_FLAG_DIRECTORY
		}
		err = windows.CreateSymbolicLink(windows.StringToUTF16Ptr(link), windows.StringToUTF16Ptr(target), flags)
		if err == nil {
			if _, serr := os.Lstat(link); serr != nil && UnderWine() {
				notVerifiable(t, "Wine 8.0's CreateSymbolicLinkW returns success and makes nothing")
			}
		}
		if errors.Is(err, windows.ERROR_PRIVILEGE_NOT_HELD) {
			t.Skipf("making a %s needs SeCreateSymbolicLinkPrivilege or developer mode: %v", kind, err)
		}
		t.Cleanup(func() {
			if kind == SymlinkDir {
				_ = windows.RemoveDirectory(windows.StringToUTF16Ptr(link))
			} else {
				_ = windows.DeleteFile(windows.StringToUTF16Ptr(link))
			}
		})
	case UnixSymlinkDir, UnixSymlinkFile:
		if !UnderWine() {
			t.Skip("a Unix symbolic link exists only under Wine")
		}
		// A dangling link is invisible to Windows programs: target exists.
		if err = unixRun("ln", "-s", unixPath(t, target), unixPath(t, link)); err == nil {
			err = waitFor(link, true)
		}
		// DeleteFileW and RemoveDirectoryW would delete the target here.
		t.Cleanup(func() {
			if unixRun("rm", "-f", unixPath(t, link)) == nil {
				_ = waitFor(link, false)
			}
		})
	case HardLink:
		err = windows.CreateHardLink(windows.StringToUTF16Ptr(link), windows.StringToUTF16Ptr(target), 0)
		t.Cleanup(func() { _ = windows.DeleteFile(windows.StringToUTF16Ptr(link)) })
	default:
		t.Fatalf("unknown link kind %q", kind)
	}
	if err != nil {
		t.Fatalf("make %s %s -> %s: %v", kind, link, target, err)
	}
}

// junction makes link an empty directory and then a mount point to target.
func junction(link, target string) error {
	if err := os.Mkdir(link, 0o755); err != nil {
		return err
	}
	h, err := windows.CreateFile(windows.StringToUTF16Ptr(link), windows.GENERIC_WRITE, 0, nil, windows.OPEN_EXISTING,
		windows.FILE_FLAG_OPEN_REPARSE_POINT|windows.FILE_FLAG_BACKUP_SEMANTICS, 0)
	if err != nil {
		_ = os.Remove(link)
		return err
	}
	defer windows.CloseHandle(h)
	sub := windows.StringToUTF16(`\??\` + target) // with its NUL
	print := windows.StringToUTF16(target)
	path := append(append([]uint16{}, sub...), print...)
	// REPARSE_DATA_BUFFER: tag, data length, reserved; then the mount point
	// part: substitute name offset and length, print name offset and length.
	buf := make([]byte, 16+2*len(path))
	put16 := func(off int, v int) { buf[off], buf[off+1] = byte(v), byte(v>>8) }
	put16(0, windows.IO_REPARSE_TAG_MOUNT_POINT&0xffff)
	put16(2, windows.IO_REPARSE_TAG_MOUNT_POINT>>16)
	put16(4, 8+2*len(path))
	put16(8, 0)
	put16(10, 2*(len(sub)-1))
	put16(12, 2*len(sub))
	put16(14, 2*(len(print)-1))
	for i, c := range path {
		put16(16+2*i, int(c))
	}
	var n uint32
	err = windows.DeviceIoControl(h, windows.FSCTL_SET_REPARSE_POINT, &buf[0], uint32(len(buf)), nil, 0, &n, nil)
	if err != nil {
		windows.CloseHandle(h)
		_ = os.Remove(link)
	}
	return err
}

var wineGetUnixFileName = windows.NewLazySystemDLL("kernel32.dll").NewProc("wine_get_unix_file_name")

// unixPath is the Unix path Wine maps a Windows path to.
func unixPath(t *testing.T, p string) string {
	t.Helper()
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	// The link itself does not exist yet: map its folder and add its name.
	dir, name := filepath.Dir(abs), filepath.Base(abs)
	r, _, err := wineGetUnixFileName.Call(uintptr(unsafe.Pointer(windows.StringToUTF16Ptr(dir))))
	if r == 0 {
		t.Fatalf("wine_get_unix_file_name(%s): %v", dir, err)
	}
	return windows.BytePtrToString(*(**byte)(unsafe.Pointer(&r))) + "/" + name
}

// unixRun runs a program of the Unix host from /bin: Wine starts an ELF
// program as it is, but gives no process handle to wait on (Invalid
// handle), so the caller waits for the effect.
func unixRun(prog string, args ...string) error {
	exe := `Z:\bin\` + prog
	cl := windows.EscapeArg(exe)
	for _, a := range args {
		cl += " " + windows.EscapeArg(a)
	}
	si := windows.StartupInfo{}
	si.Cb = uint32(unsafe.Sizeof(si))
	var pi windows.ProcessInformation
	if err := windows.CreateProcess(windows.StringToUTF16Ptr(exe), windows.StringToUTF16Ptr(cl), nil, nil, false, 0, nil, nil, &si, &pi); err != nil {
		return err
	}
	if pi.Process != 0 {
		windows.CloseHandle(pi.Process)
	}
	if pi.Thread != 0 {
		windows.CloseHandle(pi.Thread)
	}
	return nil
}

// waitFor polls until exists(path) is want, for up to 10 s.
func waitFor(path string, want bool) error {
	for range 1000 {
		_, err := os.Lstat(path)
		if (err == nil) == want {
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return fmt.Errorf("%s: still exists=%v after 10 s", path, !want)
}
