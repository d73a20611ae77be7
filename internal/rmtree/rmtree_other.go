//go:build !windows

package rmtree

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Remove removes dir and everything below it with os.Remove, deepest first.
// Symbolic links are removed, never followed (WalkDir lists them without
// descending, os.Remove unlinks the link): nothing outside dir is touched. It reports whether dir existed; a missing dir is
// not an error, so Remove can be run again after a partial failure.
func Remove(dir string) (existed bool, err error) {
	var paths []string
	err = filepath.WalkDir(dir, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		paths = append(paths, path)
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) && len(paths) == 0 {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	// WalkDir visits parents before children: reversed, children go first.
	for _, p := range slices.Backward(paths) {
		if err := os.Remove(p); err != nil {
			return true, err
		}
	}
	return true, nil
}
