package nofollow

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/internal/linktest"
)

// A file held open by OpenRead can still be replaced by renaming a new file
// over it, as an administrator's atomic write of a config does while the
// service reads it: the read handle shares delete. Windows CI: Wine 8.0
// refuses a rename over any open file, shared or not (measured).
func TestOpenReadLetsTheFileBeReplaced(t *testing.T) {
	// Not t.TempDir: its clean-up fails under Wine 8.0 (internal/testtemp,
	// which handles that, imports this package).
	dir, err := os.MkdirTemp("", "nofollow-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "config.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := OpenRead(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	next := filepath.Join(dir, "config.json.new")
	if err := os.WriteFile(next, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if linktest.UnderWine() {
		t.Skip("NOT VERIFIABLE HERE (Wine 8.0): Wine refuses a rename over an open file whatever its share mode; asserted when run on Windows")
	}
	if err := os.Rename(next, path); err != nil {
		t.Fatalf("rename over a file OpenRead holds: %v", err)
	}
	// The open handle still reads what it opened.
	if b, err := io.ReadAll(f); err != nil || string(b) != "old" {
		t.Errorf("the open handle read %q, %v; want the old content", b, err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "new" {
		t.Errorf("after the rename %s holds %q, %v; want the new content", path, b, err)
	}
}
