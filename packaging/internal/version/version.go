// Package version names a build: the version string from `git describe`, the
// Windows Installer ProductVersion derived from it, and the commit time that
// reproducible builds stamp everywhere a time goes (SOURCE_DATE_EPOCH).
package version

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/svcpack/svcpack/internal/childenv"
)

// Info is the identity of one build.
type Info struct {
	Version string    // 1.2.3 on a tag; 1.2.3-4-gabcdef0 past one; 0.0.0-12-gabcdef0 with no tag; -dirty appended; see Parse
	MSI     string    // ProductVersion: a.b.c, or a.b.c.n n commits past the tag
	Commit  string    // full commit hash
	Time    time.Time // commit time, or SOURCE_DATE_EPOCH
}

// Env names the overrides Detect honours.
const (
	EnvVersion = "SVCPACK_VERSION"   // a version string as Parse accepts, e.g. for tests
	EnvEpoch   = "SOURCE_DATE_EPOCH" // seconds since 1970, the reproducible-builds convention
)

// Detect describes the commit checked out in dir. SVCPACK_VERSION replaces
// the version and SOURCE_DATE_EPOCH the time; with both, dir need not be a
// git checkout (Commit is then empty).
func Detect(ctx context.Context, dir string) (Info, error) {
	v, epoch := os.Getenv(EnvVersion), os.Getenv(EnvEpoch)
	commit, err := git(ctx, dir, "rev-parse", "HEAD")
	if err != nil {
		// A source tree without .git (a release tarball) builds when both
		// overrides say what git would have.
		if v == "" || epoch == "" {
			return Info{}, fmt.Errorf("%w (outside a git checkout set %s and %s)", err, EnvVersion, EnvEpoch)
		}
		commit = ""
	}
	if epoch == "" {
		if epoch, err = git(ctx, dir, "log", "-1", "--format=%ct", "HEAD"); err != nil {
			return Info{}, err
		}
	}
	t, err := ParseEpoch(epoch)
	if err != nil {
		return Info{}, fmt.Errorf("commit time (%s or git's): %w", EnvEpoch, err)
	}
	if v == "" {
		if v, err = describe(ctx, dir); err != nil {
			return Info{}, err
		}
	}
	info, err := Parse(v)
	if err != nil {
		return Info{}, err
	}
	if err := CheckCommit(commit); err != nil {
		return Info{}, err
	}
	info.Commit, info.Time = commit, t
	return info, nil
}

// describe is `git describe` over v-prefixed tags, with a 0.0.0 base and the
// commit count when the history has no tag yet.
func describe(ctx context.Context, dir string) (string, error) {
	d, err := git(ctx, dir, "describe", "--tags", "--match=v[0-9]*", "--long", "--dirty", "--abbrev=7")
	if err == nil {
		return tidy(strings.TrimPrefix(d, "v")), nil
	}
	count, cerr := git(ctx, dir, "rev-list", "--count", "HEAD")
	short, serr := git(ctx, dir, "rev-parse", "--short=7", "HEAD")
	if cerr != nil || serr != nil {
		return "", err
	}
	v := fmt.Sprintf("0.0.0-%s-g%s", count, short)
	if status, err := git(ctx, dir, "status", "--porcelain", "--untracked-files=no"); err == nil && status != "" {
		v += "-dirty"
	}
	return v, nil
}

// tidy drops the "-0-g<hash>" that --long adds on an exact tag.
func tidy(d string) string {
	core, rest, _ := strings.Cut(d, "-")
	if strings.HasPrefix(rest, "0-g") {
		if _, dirty, ok := strings.Cut(rest[3:], "-"); ok {
			return core + "-" + dirty
		}
		return core
	}
	return d
}

func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := childenv.Command(ctx, "git", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(string(ee.Stderr)))
		}
		return "", fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}
