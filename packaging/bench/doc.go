package bench

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// DocPath is where `mage bench` writes its results, relative to the repository.
const DocPath = "docs/benchmarks.md"

// docHeader starts docs/benchmarks.md when it does not exist yet.
const docHeader = "# Benchmarks\n\n`go tool mage bench` writes the section below; the text outside it is kept.\n\n"

// WriteDoc puts the report's section into the file at path, keeping what
// people wrote around it.
func WriteDoc(path string, r Report) error {
	old, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		old = []byte(docHeader)
	} else if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(Splice(string(old), r.Section())), 0o644)
}
