// Package outfile writes the files the channel stages (intunewin, winget,
// choco) put in dist/: atomically, since goreleaser's hooks run side by side
// and a reader must never see half a file, and zips whose entries carry a
// given time rather than the clock's.
package outfile

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Write replaces path with data (mode 0644) through a temporary file in the
// same directory, renamed over it; the directory is made when missing.
func Write(path string, data []byte) error {
	if err := write(path, data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func write(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	return err
}

// Entry is one file of a zip.
type Entry struct {
	Name  string // slash-separated path inside the zip
	Data  []byte
	Store bool // stored as is (already compressed or encrypted); otherwise deflated
}

// Zip is a zip of entries, in order, each stamped with t (UTC).
func Zip(entries []Entry, t time.Time) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		method := zip.Deflate
		if e.Store {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: method, Modified: t.UTC()})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(e.Data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
