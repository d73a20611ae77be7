//go:build !windows

package wrap

import (
	"os"
	"path/filepath"
	"testing"
)

// On Windows os.Open's handle does not share delete, so nothing can be
// renamed over the config while it is open; the swap is a POSIX case.
func TestReadOpenedReadsTheCheckedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.yaml")
	if err := os.WriteFile(path, []byte("program: checked.exe\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Swap another file in at the path after the open: what is read must
	// still be the file that was opened and checked.
	swapped := filepath.Join(dir, "other.yaml")
	if err := os.WriteFile(swapped, []byte("program: swapped.exe\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(swapped, path); err != nil {
		t.Fatal(err)
	}
	b, err := readOpened(f, path, maxConfigBytes)
	if err != nil || string(b) != "program: checked.exe\n" {
		t.Errorf("readOpened = %q, %v; want the opened file's bytes", b, err)
	}
}
