package settings

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/svcpack/svcpack/internal/atomicfile"
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

// write replaces config.json through the one atomic writer: a new file
// beside it, flushed, then renamed over it, so the service never reads half
// a file, a failed write leaves the old one, and a link at the path is
// replaced, not written through. The file is the service's own (0600).
func (f *File) write(vals map[string]string) error {
	if err := atomicfile.WritePrivate(f.Path, f.format(vals)); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return nil
}
