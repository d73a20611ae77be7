package settings

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// jsonValue is v (canonical text) as config.json holds it.
func (s Setting) jsonValue(v string) []byte {
	if s.Kind == Bool {
		return []byte(v)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // a string always encodes
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// format is the one way config.json is written: the settings that have a
// value, in declaration order, indented by two spaces, ending in a newline.
func (f *File) format(vals map[string]string) []byte {
	var b bytes.Buffer
	b.WriteString("{")
	sep := "\n"
	for _, s := range f.Settings {
		v, ok := vals[s.Name]
		if !ok {
			continue
		}
		b.WriteString(sep + "  " + strconv.Quote(s.Name) + ": ")
		b.Write(s.jsonValue(v))
		sep = ",\n"
	}
	if sep != "\n" {
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// write replaces config.json atomically: a new file beside it, then a
// rename over it, so the service never reads half a file, a failed write
// leaves the old one, and a link at the path is replaced, not written
// through.
func (f *File) write(vals map[string]string) error {
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("write config %s: %w", f.Path, err)
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(f.Path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write config %s: %w", f.Path, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	_, err = tmp.Write(f.format(vals))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), f.Path)
	}
	if err != nil {
		return fmt.Errorf("write config %s: %w", f.Path, err)
	}
	return nil
}
