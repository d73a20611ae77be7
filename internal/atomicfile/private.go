package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// Permissions of what WritePrivate makes: the program's own account reads
// and writes, its group may read the folder, nobody else gets anything. On
// Windows the folder's ACL decides instead (the installer sets the data
// directory's).
const (
	PrivateMode    = 0o600
	PrivateDirMode = 0o750
)

// WritePrivate replaces path with b the way Write does (a new file beside
// it, then a rename, so a link at path is replaced, never written through),
// for a file a program keeps for itself rather than an artifact of a build:
// a service's config. A missing folder is made PrivateDirMode, the file gets
// PrivateMode, and its bytes reach the disk before the rename, so a power
// cut leaves the old file or the new one, never an empty one.
func WritePrivate(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, PrivateDirMode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	f := &File{File: tmp, path: path, perm: PrivateMode, sync: true}
	defer f.Abort()
	if _, err := f.Write(b); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Commit()
}
