// Package logfile opens a size-rotated log file like the one the service
// runtime writes, for a second log beside it: the wrapper (cmd/svcwrap) keeps
// its program's captured output there. Each Write stays whole within one file.
package logfile

import (
	"io"

	"github.com/svcpack/svcpack/service/internal/rotate"
)

// Open opens <dir>/<base>.log for appending; at maxBytes it rotates to
// <base>.1.log … <base>.<maxFiles>.log (see service/internal/rotate).
func Open(dir, base string, maxBytes int64, maxFiles int) (io.WriteCloser, error) {
	return rotate.Open(dir, base, maxBytes, maxFiles)
}
