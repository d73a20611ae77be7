// Package inputfile opens the files the pipeline reads (the product file,
// the exe, the .wxs and its tables, the MSIs it lints, describes, transforms
// and smoke-tests) only when they are regular files. A named pipe given as
// an input would block the reader (or the child it is handed to) forever, a
// device would be read without end, and a directory gives an unclear error
// later: each is refused at once, with the path and what it is.
package inputfile

import (
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/svcpack/svcpack/service/clip"
)

// Open opens path for reading if it is a regular file, or a link to one
// (an input is only read, so a link is fine). Opening never blocks: the
// open does not wait for a writer (O_NONBLOCK where the system has it), and
// what was opened is checked again from its handle.
func Open(path string) (*os.File, error) {
	if err := Check(path); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlocking, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil {
		err = regular(path, fi)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Check refuses path unless it is a regular file, for an input that a
// child process (wixl, msibuild, msiinfo) opens.
func Check(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	return regular(path, fi)
}

// ReadFile reads the regular file path whole, refusing one larger than
// limit bytes.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", clip.Quote(path), limit)
	}
	return b, nil
}

func regular(path string, fi fs.FileInfo) error {
	if fi.Mode().IsRegular() {
		return nil
	}
	return fmt.Errorf("%s is %s, not a regular file: give the path of a file", clip.Quote(path), kind(fi.Mode()))
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
