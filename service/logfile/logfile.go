// Package logfile opens a rotating log file like the one the service runtime
// writes, for a second log beside it: the wrapper (cmd/svcwrap) keeps its
// program's captured output there. Each Write stays whole within one file.
package logfile

import (
	"io"
	"time"

	"github.com/svcpack/svcpack/service/internal/rotate"
)

// Policy is when the file rotates and what is kept. The current file is
// <base>.log; a rotated one is <base>.<UTC yyyyMMdd-hhmmss>[-<n>].log, with
// .gz once compressed.
type Policy struct {
	// MaxBytes bounds each file: it rotates before a write would push it
	// past this. Must be positive.
	MaxBytes int64
	// MaxFiles is how many rotated files are kept, the newest; 0 keeps none.
	MaxFiles int
	// MaxAge also drops rotated files last modified longer ago; 0: no limit.
	MaxAge time.Duration
	// Every is 0 (by size only), time.Hour or 24*time.Hour: the file also
	// rotates at the first write after each hour or local midnight.
	Every time.Duration
	// Compress gzips rotated files in the background.
	Compress bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Open opens <dir>/<base>.log for appending, rotating by size alone and
// keeping maxFiles rotated files.
func Open(dir, base string, maxBytes int64, maxFiles int) (io.WriteCloser, error) {
	return OpenPolicy(dir, base, Policy{MaxBytes: maxBytes, MaxFiles: maxFiles})
}

// OpenPolicy opens <dir>/<base>.log for appending, rotating and keeping
// files by p. Close stops the background compression and retention.
func OpenPolicy(dir, base string, p Policy) (io.WriteCloser, error) {
	return rotate.OpenPolicy(dir, base, rotate.Policy(p))
}
