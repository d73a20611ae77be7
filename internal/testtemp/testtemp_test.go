package testtemp

import (
	"os"
	"path/filepath"
	"testing"
)

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
