package wrap

import (
	"errors"
	"strings"

	"github.com/svcpack/svcpack/internal/strictyaml"
)

// decodeFile reads a config file's bytes into f by internal/strictyaml's rules,
// the ones svcpack's product file is read by too; the error lists every
// problem, each with its line and key.
func decodeFile(b []byte, f *File) error {
	d := strictyaml.Decode(b, f, strictyaml.Options{Root: "a mapping of svcwrap's keys (docs/wrapper.md lists them)"})
	if len(d.Problems) == 0 {
		return nil
	}
	msgs := make([]string, len(d.Problems))
	for i, p := range d.Problems {
		msgs[i] = p.String()
	}
	return errors.New(strings.Join(msgs, "; "))
}
