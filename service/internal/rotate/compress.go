package rotate

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// partialSuffix marks a compressed file being written: it becomes
// <name>.log.gz only once complete and on disk, and <name>.log is removed
// only after that. A crash or a Close at any point leaves <name>.log whole
// (or the complete .gz): never half a .gz as the only copy.
const partialSuffix = ".gz.partial"

// compressChunk is how much is compressed between checks for a Close.
const compressChunk = 256 << 10

// compress gzips the rotated file at src into src.gz and removes src. A
// Close during it abandons the partial file and keeps src.
func (t *tidier) compress(src string) error {
	in, err := openRead(src)
	if err != nil {
		return fmt.Errorf("compress log: %w", err)
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return fmt.Errorf("compress log: %w", err)
	}
	partial := src + partialSuffix
	if err := remove(partial); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("compress log: %w", err)
	}
	// O_EXCL: created new, so never through a link someone left there.
	out, err := os.OpenFile(partial, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return fmt.Errorf("compress log: %w", err)
	}
	done, err := t.gzipInto(out, in, filepath.Base(src), st)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil && done {
		// Retention by age reads modification times: the compressed file
		// keeps the one of the lines it holds.
		err = os.Chtimes(partial, st.ModTime(), st.ModTime())
	}
	if err != nil || !done {
		rmErr := remove(partial)
		if err != nil {
			return fmt.Errorf("compress log %s: %w", src, errors.Join(err, rmErr))
		}
		return nil
	}
	in.Close() // Windows: the file is removed next
	if err := os.Rename(partial, src+".gz"); err != nil {
		return fmt.Errorf("compress log: %w", errors.Join(err, remove(partial)))
	}
	if err := remove(src); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("compress log: %w", err)
	}
	return nil
}

// gzipInto writes in's content gzipped to out and flushes it to disk; done
// is false if a Close interrupted it.
func (t *tidier) gzipInto(out *os.File, in io.Reader, name string, st fs.FileInfo) (done bool, err error) {
	zw := gzip.NewWriter(out)
	zw.Name, zw.ModTime = name, st.ModTime()
	buf := make([]byte, compressChunk)
	for {
		if t.stopping.Load() {
			return false, nil
		}
		n, rerr := io.ReadFull(in, buf)
		if n > 0 {
			if _, err := zw.Write(buf[:n]); err != nil {
				return false, err
			}
		}
		if errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF) {
			break
		}
		if rerr != nil {
			return false, rerr
		}
	}
	if err := zw.Close(); err != nil {
		return false, err
	}
	return true, out.Sync()
}
