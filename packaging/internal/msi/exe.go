package msi

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/svcpack/svcpack/internal/childenv"
	"github.com/svcpack/svcpack/packaging/internal/version"
)

// BuildExe cross-compiles the program for arch with the version stamped into
// main.version, main.commit and main.date (the main package
// declares them). -trimpath and the commit time keep
// the exe reproducible.
func BuildExe(ctx context.Context, root, pkg, out string, arch Arch, v version.Info) error {
	ldflags := fmt.Sprintf("-s -w -X main.version=%s -X main.commit=%s -X main.date=%s",
		v.Version, v.Commit, v.Time.UTC().Format(time.RFC3339))
	var stderr bytes.Buffer
	// go runs in root: out is made absolute first, since a relative one is
	// meant from here, not from root.
	out, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	args := []string{"build", "-trimpath", "-ldflags", ldflags, "-o", out}
	cmd := childenv.Command(ctx, "go", append(args, pkg)...)
	cmd.Dir = root
	cmd.Env = childenv.Environ("GOOS=windows", "GOARCH="+string(arch), "CGO_ENABLED=0")
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s for windows/%s: %w\n%s", pkg, arch, err, stderr.String())
	}
	return nil
}
