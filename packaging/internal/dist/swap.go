package dist

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/svcpack/svcpack/internal/childenv"
	"github.com/svcpack/svcpack/service/clip"
)

// kept are what other targets leave in dist/ and a release run must not take
// away: `mage smokeMSIs`'s packages and `mage msi`'s work tree.
var kept = []string{"smoke", ".build"}

// swap replaces a directory only when the run that makes its successor
// succeeds: the old one waits aside meanwhile, and a failed run leaves the
// old one as it was and nothing of its own.
type swap struct {
	dir, aside string
	had        bool // dir existed and is now aside
}

// asidePath is where the old dist/ waits: inside the git directory (`git
// rev-parse --git-path`), so that it is never an untracked file of the work
// tree (go build stamps whether the tree is modified into the exe), and on
// the work tree's file system, so that moving it is a rename.
func asidePath(ctx context.Context, root string) (string, error) {
	p, err := output(ctx, root, "git", "rev-parse", "--git-path", "svcpack-dist-previous")
	if err != nil {
		return "", fmt.Errorf("find the git directory (goreleaser needs a git checkout): %w", err)
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(root, p)
	}
	return p, nil
}

// begin moves dir aside. A run that was killed before it finished left its
// predecessor aside and perhaps part of its own output in dir: that is
// undone first.
func begin(dir, aside string, log io.Writer) (swap, error) {
	s := swap{dir: dir, aside: aside}
	if _, err := os.Lstat(aside); err == nil {
		fmt.Fprintf(log, "dist: an interrupted run left the previous %s in %s: putting it back first\n", dir, clip.Quote(aside))
		if err := s.putBack(); err != nil {
			return s, err
		}
	}
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	err := os.MkdirAll(filepath.Dir(aside), 0o755)
	if err == nil {
		err = os.Rename(dir, aside)
	}
	if err != nil {
		return s, fmt.Errorf("move %s aside to %s while goreleaser makes the new one: %w", dir, clip.Quote(aside), err)
	}
	s.had = true
	return s, nil
}

// commit keeps the new dir: the kept subdirectories move into it from the
// old one, and the rest of the old one is removed.
func (s swap) commit() error {
	if !s.had {
		return nil
	}
	for _, name := range kept {
		src := filepath.Join(s.aside, name)
		if _, err := os.Lstat(src); err != nil {
			continue
		}
		if err := os.Rename(src, filepath.Join(s.dir, name)); err != nil {
			return fmt.Errorf("move %s back into %s: %w", name, s.dir, err)
		}
	}
	if err := os.RemoveAll(s.aside); err != nil {
		return fmt.Errorf("remove the previous %s from %s: %w", s.dir, clip.Quote(s.aside), err)
	}
	return nil
}

// rollback removes what a failed run made and puts the old dir back.
func (s swap) rollback() error {
	if !s.had {
		if err := os.RemoveAll(s.dir); err != nil {
			return fmt.Errorf("remove the partial %s: %w", s.dir, err)
		}
		return nil
	}
	return s.putBack()
}

func (s swap) putBack() error {
	if err := os.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("remove the partial %s: %w", s.dir, err)
	}
	if err := os.Rename(s.aside, s.dir); err != nil {
		return fmt.Errorf("put the previous %s back from %s: %w", s.dir, clip.Quote(s.aside), err)
	}
	return nil
}

// output runs a command in dir and returns its trimmed stdout.
func output(ctx context.Context, dir, name string, args ...string) (string, error) {
	cmd := childenv.Command(ctx, name, args...)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}
