package dist

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/svcpack/svcpack/internal/childenv"
	"github.com/svcpack/svcpack/packaging/internal/progress"
	"github.com/svcpack/svcpack/service/clip"
)

// goreleaserModule is the module tools/go.mod pins goreleaser with.
const goreleaserModule = "github.com/goreleaser/goreleaser/v2"

// EnvGoreleaser names a goreleaser binary to use; it must be the version
// tools/go.mod pins. `mage test` sets it for TestSnapshot.
const EnvGoreleaser = "SVCPACK_GORELEASER"

// Goreleaser returns the path of the goreleaser that tools/go.mod pins: the
// one EnvGoreleaser names, else the one on PATH when it is that version, else
// the one `go tool` builds from source (minutes on a first run, then cached
// in the Go build cache). It says in one line which, and while a build is
// silent it says it is still going.
func Goreleaser(ctx context.Context, root string, log io.Writer) (string, error) {
	want, err := pinnedGoreleaser(ctx, root)
	if err != nil {
		return "", err
	}
	if path := os.Getenv(EnvGoreleaser); path != "" {
		got, err := goreleaserVersion(ctx, path)
		if err != nil || !sameVersion(got, want) {
			return "", fmt.Errorf("%s=%s: want goreleaser %s (tools/go.mod), found %s (%v): unset it or point it at that version",
				EnvGoreleaser, clip.Quote(path), want, clip.Quote(got), err)
		}
		fmt.Fprintf(log, "dist: goreleaser %s from %s (%s)\n", want, EnvGoreleaser, clip.Quote(path))
		return path, nil
	}
	why := "none on PATH"
	if path, err := exec.LookPath("goreleaser"); err == nil {
		got, err := goreleaserVersion(ctx, path)
		if err == nil && sameVersion(got, want) {
			fmt.Fprintf(log, "dist: goreleaser %s from PATH (%s)\n", want, path)
			return path, nil
		}
		if err != nil {
			got = "of unknown version: " + err.Error()
		}
		why = fmt.Sprintf("%s on PATH is %s", clip.Quote(path), clip.Quote(got))
	}
	fmt.Fprintf(log, "dist: goreleaser %s, as tools/go.mod pins it, from `go tool` (%s): built from source unless the Go cache has it, minutes the first time\n", want, why)
	var path string
	err = progress.Heartbeat(log, progress.QuietLimit, "dist: still building goreleaser", func(w io.Writer) error {
		var stderr bytes.Buffer
		cmd := childenv.Command(ctx, "go", "tool", "-n", "-modfile=tools/go.mod", "goreleaser")
		cmd.Dir = root
		cmd.Stderr = io.MultiWriter(w, &stderr)
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("build goreleaser %s with `go tool -modfile=tools/go.mod goreleaser` in %s: %w\n%s",
				want, clip.Quote(root), err, strings.TrimSpace(stderr.String()))
		}
		path = strings.TrimSpace(string(out))
		return nil
	})
	return path, err
}

// pinnedGoreleaser is the goreleaser version tools/go.mod requires.
func pinnedGoreleaser(ctx context.Context, root string) (string, error) {
	var stderr bytes.Buffer
	cmd := childenv.Command(ctx, "go", "list", "-m", "-modfile=tools/go.mod", "-f", "{{.Version}}", goreleaserModule)
	cmd.Dir = root
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("read the goreleaser version tools/go.mod pins (go list -m %s): %w: %s",
			goreleaserModule, err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}

// goreleaserVersion asks a goreleaser binary its version.
func goreleaserVersion(ctx context.Context, path string) (string, error) {
	out, err := childenv.Command(ctx, path, "--version").Output()
	if err != nil {
		return "", err
	}
	return parseGitVersion(string(out))
}

// parseGitVersion reads the GitVersion line of `goreleaser --version`:
// "2.15.1" in a released binary, "v2.15.1" in one built with go build or
// go install (the module version from the build info).
func parseGitVersion(out string) (string, error) {
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "GitVersion:"); ok {
			return strings.TrimSpace(v), nil
		}
	}
	return "", fmt.Errorf("no GitVersion line in `goreleaser --version` output %s", clip.Quote(out))
}

func sameVersion(a, b string) bool {
	return a != "" && strings.TrimPrefix(a, "v") == strings.TrimPrefix(b, "v")
}
