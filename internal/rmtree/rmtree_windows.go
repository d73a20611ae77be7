package rmtree

import (
	"errors"
	"io/fs"
	"path/filepath"

	"github.com/svcpack/svcpack/internal/nofollow"
)

// Remove removes dir and everything below it. Links (symbolic links,
// junctions, other reparse points) are removed themselves, never followed,
// and a file with several names loses only the name below dir: nothing
// outside dir is touched. A link the system opens only as its target (a Unix
// symbolic link under Wine) is refused with a *nofollow.LinkError. It reports
// whether dir existed; a missing dir is not an error, so Remove can be run
// again after a partial failure.
func Remove(dir string) (existed bool, err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false, err
	}
	parent, name := filepath.Dir(abs), filepath.Base(abs)
	if parent == abs {
		return false, errors.New("remove " + dir + ": refusing to remove a volume's root")
	}
	p, err := nofollow.OpenDir(parent)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer p.Close()
	return nofollow.Remove(p, name, abs)
}
