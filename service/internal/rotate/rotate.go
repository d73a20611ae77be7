// Package rotate is the rotating log file behind the service-mode log and
// svcwrap's captured output: what NSSM and WinSW users expect to find in
// %ProgramData%\<name>\logs.
//
// The current file is <base>.log. It is rotated (renamed to a name of its own,
// see names.go) before a write that would push it past MaxBytes, and, with
// Every, at the first write after each hour or local midnight. So every file
// holds whole writes (whole log records) and stays within MaxBytes: a single
// write larger than MaxBytes is cut to fit, ending in a marker that says how
// many bytes were not written. Retention (MaxFiles newest, and none last
// written longer than MaxAge ago) and gzip compression run in one background
// goroutine (tidy.go) after the rename, so a write waits for neither.
//
// Windows: a file cannot be renamed or deleted while another handle holds it
// open without FILE_SHARE_DELETE, which Go's os.OpenFile does not request.
// The Writer therefore holds the only handle it creates and closes it before
// renaming. A reader that keeps <base>.log open (an editor, a tail) can still
// make a rotation fail; the Writer then keeps appending to the current file, so
// nothing is lost, returns the rotation error, and tries again on the next
// write that needs a rotation. The compressor reads a rotated file through a
// handle that shares delete, and closes it before removing the file.
//
// Links: the folder and the files are never written, read or removed through
// a symbolic link, junction or other reparse point, and a log file with more
// than one name (a hard link) is not written (fs_windows.go, fs_unix.go):
// Open and each reopen fail with a *nofollow.LinkError instead, and the
// compressor leaves such a rotated file as it is. Renames move a link itself,
// never its target, and the compressed file is created new (O_EXCL), so they
// need no check.
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
	"time"

	"github.com/svcpack/svcpack/service/clip"
)

// Policy is when the file rotates and what is kept.
type Policy struct {
	// MaxBytes bounds each file: rotate before a write would push the
	// current file past it. Must be positive.
	MaxBytes int64
	// MaxFiles is how many rotated files are kept, the newest by rotation;
	// 0 keeps none (the old content is discarded at each rotation).
	MaxFiles int
	// MaxAge also drops rotated files last written longer ago (their
	// modification time); 0: no age limit.
	MaxAge time.Duration
	// Every is 0 (by size only), time.Hour (also at the first write after
	// each hour) or 24*time.Hour (also at the first write after midnight),
	// both in the clock's location.
	Every time.Duration
	// Compress gzips each rotated file in the background: <name>.log.gz
	// replaces <name>.log once complete.
	Compress bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Writer is an io.WriteCloser safe for concurrent use.
type Writer struct {
	dir  string
	base string
	p    Policy

	mu       sync.Mutex
	f        *os.File // nil after Close, or after a rotation that could not reopen it
	size     int64    // bytes in f
	closed   bool
	boundary time.Time // with Every: the next time rotation; zero otherwise
	// last is the newest rotated file's key once lastKnown: the folder is
	// listed at the first rotation, not in OpenPolicy, which is on every
	// service start's path (a listing there was 2–4 ms of it under Wine)
	// while most runs never rotate.
	last      key
	lastKnown bool
	rename    func(from, to string) error

	tidy *tidier
}

// Open is OpenPolicy by size alone, keeping maxFiles.
func Open(dir, base string, maxBytes int64, maxFiles int) (*Writer, error) {
	return OpenPolicy(dir, base, Policy{MaxBytes: maxBytes, MaxFiles: maxFiles})
}

// OpenPolicy creates dir if needed and opens <dir>/<base>.log for appending,
// continuing its size, so a restarted service keeps filling the same file.
// Rotated files a previous run left uncompressed or beyond the limits are
// compressed or dropped in the background now.
func OpenPolicy(dir, base string, p Policy) (*Writer, error) {
	if p.MaxBytes <= 0 {
		return nil, fmt.Errorf("open log %q: maxBytes is %d, must be positive", base, p.MaxBytes)
	}
	if p.MaxFiles < 0 {
		return nil, fmt.Errorf("open log %q: maxFiles is %d, must not be negative", base, p.MaxFiles)
	}
	if p.MaxAge < 0 {
		return nil, fmt.Errorf("open log %q: maxAge is %v, must not be negative", base, p.MaxAge)
	}
	if p.Every != 0 && p.Every != time.Hour && p.Every != 24*time.Hour {
		return nil, fmt.Errorf("open log %q: every is %v, must be 0, 1h (hourly) or 24h (daily)", base, p.Every)
	}
	if base == "" || strings.ContainsAny(base, `/\`) {
		return nil, fmt.Errorf("open log %q: base must be a plain file name without extension", base)
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if err := mkdirAll(dir); err != nil {
		return nil, fmt.Errorf("open log: %w", err)
	}
	w := &Writer{dir: dir, base: base, p: p, rename: os.Rename}
	if err := w.open(); err != nil {
		return nil, err
	}
	if p.Every > 0 {
		from := p.Now()
		if w.size > 0 {
			// A file begun in an earlier period rotates at the first write.
			if st, err := w.f.Stat(); err == nil {
				from = st.ModTime().In(from.Location())
			}
		}
		w.boundary = nextBoundary(from, p.Every)
	}
	w.tidy = startTidier(w)
	return w, nil
}

// nextBoundary is the first hour or midnight after t, in t's location.
func nextBoundary(t time.Time, every time.Duration) time.Time {
	y, m, d := t.Date()
	if every == time.Hour {
		return time.Date(y, m, d, t.Hour()+1, 0, 0, 0, t.Location())
	}
	return time.Date(y, m, d+1, 0, 0, 0, 0, t.Location())
}

// Write writes p whole to the current file, rotating first when p would push
// a non-empty file past maxBytes or a time boundary has passed. A p longer
// than maxBytes is cut (see fitWrite); Write still reports len(p) written, as
// the rest was dropped on purpose and said so in the file. The error also
// reports, once, what the background tidying failed to do since the last
// write (the write itself succeeded then).
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return 0, fmt.Errorf("write log %s: %w", w.path(), fs.ErrClosed)
	}
	whole := len(p)
	tidyErr := w.tidy.takeErr()
	if tidyErr != nil {
		// Said in the file too: its writers (a log handler, the output
		// capture) have no one to hand a write error to.
		p = append([]byte(tidyNote(tidyErr)), p...)
	}
	p = fitWrite(p, w.p.MaxBytes)
	var rotateErr error
	now := w.p.Now()
	due := w.p.Every > 0 && !now.Before(w.boundary)
	switch {
	case w.f != nil && w.size > 0 && (due || w.size+int64(len(p)) > w.p.MaxBytes):
		rotateErr = w.rotate(now)
		if rotateErr == nil && w.p.Every > 0 {
			w.boundary = nextBoundary(now, w.p.Every)
		}
	case due && w.size == 0:
		w.boundary = nextBoundary(now, w.p.Every) // nothing to rotate
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
	return whole, errors.Join(rotateErr, tidyErr)
}

// tidyNote is the line that says what retention or compression failed to do.
func tidyNote(err error) string {
	return "… [log tidying: " + clip.Prefix(strings.ReplaceAll(err.Error(), "\n", "; "), 1000) + "]\n"
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

// Close closes the current file and stops the background tidying: a
// compression under way is abandoned (the rotated file stays as it was, and
// the next Open compresses it). Later writes fail with fs.ErrClosed.
func (w *Writer) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	var err error
	if w.f != nil {
		err = w.f.Close()
		w.f = nil
	}
	w.mu.Unlock()
	w.tidy.stop()
	return err
}

// rotate closes the current file, moves it aside and opens a fresh current
// file. On a failed rename or removal it reopens the current file for
// appending (nothing lost) and returns the error. w.f is nil afterwards only
// if reopening failed.
func (w *Writer) rotate(now time.Time) error {
	err := w.f.Close()
	w.f = nil
	if err != nil {
		return fmt.Errorf("rotate log %s: %w", w.path(), err)
	}
	asideErr := w.moveAside(now)
	if err := w.open(); err != nil {
		return errors.Join(asideErr, err)
	}
	return asideErr
}

// moveAside renames the current file to the next rotated name, one that no
// file has yet (so the rename replaces nothing), and has the tidier compress
// and apply retention. With MaxFiles 0 it removes the file instead.
func (w *Writer) moveAside(now time.Time) error {
	if w.p.MaxFiles == 0 {
		if err := remove(w.path()); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("rotate log: %w", err)
		}
		return nil
	}
	if !w.lastKnown {
		w.last, w.lastKnown = w.newestKey(), true
	}
	k := w.last.next(now)
	for w.taken(k) {
		k.seq = max(k.seq+1, 2)
	}
	if err := w.rename(w.path(), w.rotatedPath(k, false)); err != nil {
		return fmt.Errorf("rotate log: %w", err)
	}
	w.last = k
	w.tidy.ask()
	return nil
}

// taken reports whether k names a file already, compressed or not.
func (w *Writer) taken(k key) bool {
	for _, gz := range []bool{false, true} {
		if _, err := os.Lstat(w.rotatedPath(k, gz)); !errors.Is(err, fs.ErrNotExist) {
			return true
		}
	}
	return false
}

// newestKey is the key of the newest rotated file in the folder; the zero
// key when there is none or the folder cannot be read (the next rotation
// then checks each name it picks anyway).
func (w *Writer) newestKey() key {
	entries, _ := os.ReadDir(w.dir)
	var newest key
	for _, e := range entries {
		if k, _, ok := parseRotated(w.base, e.Name()); ok && newest.older(k) {
			newest = k
		}
	}
	return newest
}

func (w *Writer) open() error {
	f, err := openAppend(w.path())
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

// path is the current file, <base>.log.
func (w *Writer) path() string { return filepath.Join(w.dir, w.base+".log") }

// rotatedPath is the rotated file of key k, compressed or not.
func (w *Writer) rotatedPath(k key, gz bool) string {
	name := w.base + "." + k.String() + ".log"
	if gz {
		name += ".gz"
	}
	return filepath.Join(w.dir, name)
}
