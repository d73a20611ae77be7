// Package testtemp gives tests a temporary directory that is removed in a way
// Wine 8.0 supports.
//
// Go 1.26's os.RemoveAll on Windows deletes through NtSetInformationFile with
// FileDispositionInformationEx and falls back only on the statuses Windows
// returns; Wine 8.0 answers STATUS_NOT_IMPLEMENTED, so t.TempDir's cleanup
// fails every test run under Wine. os.Remove (DeleteFileW/RemoveDirectoryW)
// works there, so Dir's cleanup walks the tree with it.
package testtemp

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// Dir returns a new empty directory removed when the test ends.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "svcpack-test-")
	if err != nil {
		t.Fatalf("make temp dir: %v", err)
	}
	t.Cleanup(func() {
		if err := removeTree(dir); err != nil {
			t.Errorf("remove temp dir: %v", err)
		}
	})
	return dir
}

// removeTree removes dir and everything below it with os.Remove, deepest first.
func removeTree(dir string) error {
	var paths []string
	err := filepath.WalkDir(dir, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		paths = append(paths, path)
		return nil
	})
	if err != nil {
		return err
	}
	// WalkDir visits parents before children: reversed, children go first.
	for _, p := range slices.Backward(paths) {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return nil
}
