package msi

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMoveIntoLeavesNoPartialFile: when the finished MSI cannot take its
// place (here: a directory is in the way), neither it nor its temporary copy
// is left beside the output.
func TestMoveIntoLeavesNoPartialFile(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "built.msi")
	if err := os.WriteFile(src, []byte("msi"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "dist", "x.msi")
	if err := os.MkdirAll(filepath.Join(out, "in-the-way"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := moveInto(src, out); err == nil {
		t.Fatal("moveInto over a non-empty directory succeeded")
	}
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "x.msi" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
