// Package rotate is the size-based rotating log file behind the service-mode
// log: what NSSM and WinSW users expect to find in %ProgramData%\<name>\logs.
//
// The current file is <base>.log; rotated files are <base>.1.log (newest) up
// to <base>.<maxFiles>.log (oldest). A write that would push the current file
// past maxBytes first rotates, so every file holds whole writes (whole log
// records) and stays within maxBytes: a single write larger than maxBytes is
// cut to fit, ending in a marker that says how many bytes were not written.
//
// Windows: a file cannot be renamed or deleted while another handle holds it
// open without FILE_SHARE_DELETE, which Go's os.OpenFile does not request.
// The Writer therefore holds the only handle it creates and closes it before
// renaming. A reader that keeps <base>.log open (an editor, a tail) can still
// make a rotation fail; the Writer then keeps appending to the current file, so
// nothing is lost, returns the rotation error, and tries again on the next
// write that needs a rotation.
//
// Links: the folder and the files are never written or removed through a
// symbolic link, junction or other reparse point, and a log file with more
// than one name (a hard link) is not written (fs_windows.go, fs_unix.go):
// Open and each reopen fail with a *nofollow.LinkError instead. Renames move
// a link itself, never its target, so they need no check.
package rotate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/svcpack/svcpack/service/clip"
)

// Writer is an io.WriteCloser safe for concurrent use.
type Writer struct {
	dir      string
	base     string
	maxBytes int64
	maxFiles int

	mu     sync.Mutex
	f      *os.File // nil after Close, or after a rotation that could not reopen it
	size   int64    // bytes in f
	closed bool
}

// Open creates dir if needed and opens <dir>/<base>.log for appending,
// continuing its size, so a restarted service keeps filling the same file.
// maxBytes must be positive; maxFiles (rotated files kept besides the current
// one) may be 0, which discards the old content at each rotation.
func Open(dir, base string, maxBytes int64, maxFiles int) (*Writer, error) {
	if maxBytes <= 0 {
		return nil, fmt.Errorf("open log %q: maxBytes is %d, must be positive", base, maxBytes)
	}
	if maxFiles < 0 {
		return nil, fmt.Errorf("open log %q: maxFiles is %d, must not be negative", base, maxFiles)
	}
	if base == "" || strings.ContainsAny(base, `/\`) {
		return nil, fmt.Errorf("open log %q: base must be a plain file name without extension", base)
	}
	if err := mkdirAll(dir); err != nil {
		return nil, fmt.Errorf("open log: %w", err)
	}
	w := &Writer{dir: dir, base: base, maxBytes: maxBytes, maxFiles: maxFiles}
	if err := w.open(); err != nil {
		return nil, err
	}
	return w, nil
}

// Write writes p whole to the current file, rotating first when p would push
// a non-empty file past maxBytes. A p longer than maxBytes is cut (see
// fitWrite); Write still reports len(p) written, as the rest was dropped on
// purpose and said so in the file.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return 0, fmt.Errorf("write log %s: %w", w.path(0), fs.ErrClosed)
	}
	whole := len(p)
	p = fitWrite(p, w.maxBytes)
	var rotateErr error
	if w.f != nil && w.size > 0 && w.size+int64(len(p)) > w.maxBytes {
		rotateErr = w.rotate()
	}
	if w.f == nil {
		// A transient failure (disk full, a virus scanner holding the file)
		// must not silence the log for good: try again on every write.
		if err := w.open(); err != nil {
			return 0, errors.Join(rotateErr, err)
		}
	}
	n, err := w.f.Write(p)
	w.size += int64(n)
	if err != nil {
		return n, fmt.Errorf("write log: %w", err)
	}
	return whole, rotateErr
}

// fitWrite returns p if it fits in max bytes, else its start (never a split
// UTF-8 character) followed by a marker stating the size of the write and how
// much of it was dropped, all within max bytes and ending in a newline, so
// the next record starts on a line of its own. A max too small for the marker
// gets the first max bytes alone.
func fitWrite(p []byte, max int64) []byte {
	if int64(len(p)) <= max {
		return p
	}
	// dropped <= len(p): its digits never outnumber len(p)'s.
	reserve := len(cutMarker(len(p), len(p)))
	if int64(reserve) >= max {
		return p[:max]
	}
	n := int(max) - reserve
	keep := clip.Prefix(string(p[:n+1]), n) // not string(p): p may be megabytes
	return append([]byte(keep), cutMarker(len(p), len(p)-len(keep))...)
}

func cutMarker(size, dropped int) string {
	return "… [log write cut: " + strconv.Itoa(size) + " bytes, the last " + strconv.Itoa(dropped) + " not written]\n"
}

// Close closes the current file. Later writes fail with fs.ErrClosed.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	return err
}

// rotate closes the current file, shifts the numbered files up by one, drops
// those beyond maxFiles, and opens a fresh current file. On a failed rename or
// removal it reopens the current file for appending (nothing lost) and
// returns the error. w.f is nil afterwards only if reopening failed.
func (w *Writer) rotate() error {
	err := w.f.Close()
	w.f = nil
	if err != nil {
		return fmt.Errorf("rotate log %s: %w", w.path(0), err)
	}
	shiftErr := w.shift()
	if err := w.open(); err != nil {
		return errors.Join(shiftErr, err)
	}
	return shiftErr
}

// shift turns the current file into <base>.1.log. The current file moves
// aside first: when that fails (a reader holds it open on Windows), nothing
// has changed yet, so a rotation retried on every write cannot eat the
// rotated history one file at a time.
func (w *Writer) shift() error {
	if w.maxFiles == 0 {
		if err := remove(w.path(0)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("rotate log: %w", err)
		}
		return nil
	}
	aside := w.path(0) + ".rotating"
	if err := os.Rename(w.path(0), aside); err != nil {
		return fmt.Errorf("rotate log: %w", err)
	}
	var errs []error
	if err := w.dropOldest(); err != nil {
		errs = append(errs, err)
	}
	for i := w.maxFiles - 1; i >= 1; i-- {
		if err := os.Rename(w.path(i), w.path(i+1)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("rotate log: %w", err))
		}
	}
	if err := os.Rename(aside, w.path(1)); err != nil {
		errs = append(errs, fmt.Errorf("rotate log: %w", err))
	}
	return errors.Join(errs...)
}

// dropOldest deletes <base>.<n>.log for n >= maxFiles: the one numbered
// maxFiles is about to be shifted out, higher ones were left by an earlier run
// with a larger maxFiles. The retention count then holds whatever came before.
func (w *Writer) dropOldest() error {
	entries, err := os.ReadDir(w.dir)
	if err != nil {
		return fmt.Errorf("rotate log: %w", err)
	}
	var errs []error
	for _, e := range entries {
		if n, ok := w.number(e.Name()); !ok || n < w.maxFiles {
			continue
		}
		if err := remove(filepath.Join(w.dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("rotate log: %w", err))
		}
	}
	return errors.Join(errs...)
}

// number parses <base>.<n>.log, n >= 1.
func (w *Writer) number(name string) (int, bool) {
	mid, ok := strings.CutPrefix(name, w.base+".")
	if !ok {
		return 0, false
	}
	mid, ok = strings.CutSuffix(mid, ".log")
	if !ok || mid == "" || strings.TrimLeft(mid, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(mid)
	return n, err == nil && n >= 1
}

func (w *Writer) open() error {
	f, err := openAppend(w.path(0))
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("open log: %w", err)
	}
	w.f, w.size = f, st.Size()
	return nil
}

// path is <base>.log for 0, <base>.<i>.log otherwise.
func (w *Writer) path(i int) string {
	if i == 0 {
		return filepath.Join(w.dir, w.base+".log")
	}
	return filepath.Join(w.dir, w.base+"."+strconv.Itoa(i)+".log")
}
