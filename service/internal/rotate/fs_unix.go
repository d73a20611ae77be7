//go:build unix

package rotate

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/svcpack/svcpack/internal/nofollow"
)

// Off Windows (console mode, development) the same rule with POSIX means:
// the folder must not be a symbolic link, the file is opened with
// O_NOFOLLOW and must have one name. os.Remove unlinks a link itself.

func mkdirAll(dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if fi.Mode()&os.ModeSymlink != 0 {
		return &nofollow.LinkError{Op: "open", Path: dir, Kind: nofollow.Link}
	}
	return nil
}

func openAppend(path string) (*os.File, error) {
	return openPlain(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE)
}

// openRead opens a rotated file to compress it, under the same rule.
func openRead(path string) (*os.File, error) { return openPlain(path, os.O_RDONLY) }

func openPlain(path string, flag int) (*os.File, error) {
	f, err := os.OpenFile(path, flag|syscall.O_NOFOLLOW, 0o640)
	if errors.Is(err, syscall.ELOOP) {
		return nil, &nofollow.LinkError{Op: "open", Path: path, Kind: nofollow.Link}
	}
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Nlink > 1 {
		f.Close()
		return nil, &nofollow.LinkError{Op: "open", Path: path, Kind: nofollow.HardLinked, Links: uint32(st.Nlink)}
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("open %s: not a regular file", path)
	}
	return f, nil
}

func remove(path string) error { return os.Remove(path) }
