package testtemp

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRemoveTreeRemovesNestedFiles(t *testing.T) {
	dir, err := os.MkdirTemp("", "testtemp-")
	if err != nil {
		t.Fatal(err)
	}
	nested := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{filepath.Join(dir, "top"), filepath.Join(nested, "deep")} {
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := removeTree(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("%s still there: %v", dir, err)
	}
}

func TestDirIsEmptyAndUsable(t *testing.T) {
	dir := Dir(t)
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 0 {
		t.Fatalf("ReadDir = %v, %v; want empty", entries, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "f"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
}
