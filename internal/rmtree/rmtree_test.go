package rmtree

import (
	"os"
	"path/filepath"
	"testing"
)

func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "rmtree-")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func write(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRemoveRemovesNestedFiles(t *testing.T) {
	dir := tempDir(t)
	write(t, filepath.Join(dir, "top"))
	write(t, filepath.Join(dir, "a", "b", "deep"))
	if existed, err := Remove(dir); err != nil || !existed {
		t.Fatalf("Remove = %v, %v; want true, nil", existed, err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("%s still there: %v", dir, err)
	}
}

func TestRemoveOfMissingDirIsNoError(t *testing.T) {
	dir := filepath.Join(tempDir(t), "missing")
	defer os.Remove(filepath.Dir(dir))
	if existed, err := Remove(dir); err != nil || existed {
		t.Fatalf("Remove = %v, %v; want false, nil", existed, err)
	}
}

// TestRemoveDoesNotFollowLinks: a link inside the tree to a directory
// outside it goes, what it points at stays.
func TestRemoveDoesNotFollowLinks(t *testing.T) {
	outside := tempDir(t)
	defer os.RemoveAll(outside)
	kept := filepath.Join(outside, "kept")
	write(t, kept)
	dir := tempDir(t)
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if _, err := Remove(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("%s still there: %v", dir, err)
	}
	if _, err := os.Stat(kept); err != nil {
		t.Fatalf("the link's target lost %s: %v", kept, err)
	}
}
