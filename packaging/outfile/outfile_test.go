package outfile

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteMakesTheDirectoryAndReplaces: a hook writes dist/winget/x.yaml
// before anything made dist/winget; a second write replaces the first and
// leaves no temporary file.
func TestWriteMakesTheDirectoryAndReplaces(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "winget")
	path := filepath.Join(dir, "x.yaml")
	for _, data := range []string{"first", "second"} {
		if err := Write(path, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "second" {
		t.Fatalf("read %q, %v; want second", b, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in %s, want x.yaml only", len(entries), dir)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
}
