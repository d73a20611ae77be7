package cli

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
)

// TestInitFailureLeavesNothingItMade: when the last file cannot be written
// (the disk is full, say: here the writer fails for main.go), init removes
// the files and the folders it made (wix/, cmd/mysvc/, cmd/, and --dir and
// its parent, which did not exist), and leaves what was there.
func TestInitFailureLeavesNothingItMade(t *testing.T) {
	parent := testtemp.Dir(t)
	if err := os.WriteFile(filepath.Join(parent, "kept"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(parent, "new", "repo")
	writeInitFile = func(path string, data []byte) error {
		if filepath.Base(path) == "main.go" {
			return errors.New("no space left on device")
		}
		return writeNew(path, data)
	}
	defer func() { writeInitFile = writeNew }()
	_, errs := wantExit(t, exitFailed, "init", "--dir", dir, "--name", "mysvc", "--company", "Contoso")
	contains(t, "init whose last write fails", errs, "main.go", "no space left on device", "nothing was left written")
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "kept" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("%s holds %v after the failure, want only the file that was there", parent, names)
	}
}
