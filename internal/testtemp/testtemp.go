// Package testtemp gives tests a temporary directory that is removed in a way
// Wine 8.0 supports: t.TempDir's cleanup uses os.RemoveAll, which fails under
// Wine 8.0 (package rmtree says why).
package testtemp

import (
	"os"
	"testing"

	"github.com/svcpack/svcpack/internal/rmtree"
)

// Dir returns a new empty directory removed when the test ends.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "svcpack-test-")
	if err != nil {
		t.Fatalf("make temp dir: %v", err)
	}
	t.Cleanup(func() {
		if _, err := rmtree.Remove(dir); err != nil {
			t.Errorf("remove temp dir: %v", err)
		}
	})
	return dir
}
