// Package zipfile makes the zips the channel stages (intunewin, choco) put in
// dist/: entries carry a given time rather than the clock's, so rebuilds are
// byte-identical. The stages write them with internal/atomicfile.
package zipfile

import (
	"archive/zip"
	"bytes"
	"time"
)

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
