package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
)

// TestADMXReplacesAllOrNothing: when one output cannot be written (a file
// stands where en-US/ must be), the outputs before it are left as they were.
func TestADMXReplacesAllOrNothing(t *testing.T) {
	dir := testtemp.Dir(t)
	admxPath := filepath.Join(dir, "svcpack.hellosvc.admx")
	if err := os.WriteFile(admxPath, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "en-US"), []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	wantExit(t, exitFailed, "admx", "--product", repoProduct, "-o", dir)
	if b, err := os.ReadFile(admxPath); err != nil || string(b) != "old" {
		t.Errorf("%s was replaced before the command failed: %q, %v", admxPath, b, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left behind in %s: %v", dir, entries)
	}
}
