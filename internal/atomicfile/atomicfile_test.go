package atomicfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
)

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// When one output cannot be written, none is replaced.
func TestWriteAllReplacesNothingWhenOneFails(t *testing.T) {
	dir := testtemp.Dir(t)
	first := filepath.Join(dir, "a.admx")
	os.WriteFile(first, []byte("old"), 0o644)
	os.WriteFile(filepath.Join(dir, "en-US"), []byte("a file where a folder should be"), 0o644)
	err := WriteAll(Output{first, []byte("new")}, Output{filepath.Join(dir, "en-US", "a.adml"), []byte("new")})
	if err == nil {
		t.Fatal("no error")
	}
	if got := read(t, first); got != "old" {
		t.Errorf("the first output was replaced before the second failed: %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("a temporary file was left: %v", entries)
	}
}
