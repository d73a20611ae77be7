//go:build !windows

package settings

import (
	"errors"
	"os"
	"syscall"

	"github.com/svcpack/svcpack/internal/nofollow"
)

// openNoLink is the Windows rule in POSIX terms (console mode and
// development): no symbolic link at the end of path, one name only.
func openNoLink(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
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
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Nlink > 1 && fi.Mode().IsRegular() {
		f.Close()
		return nil, &nofollow.LinkError{Op: "open", Path: path, Kind: nofollow.HardLinked, Links: uint32(st.Nlink)}
	}
	return f, nil
}
