package msi

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/svcpack/svcpack/packaging/version"
)

// BuildExe cross-compiles the program for arch with the version stamped into
// main.version, main.commit and main.date (the main package
// declares them). -trimpath and the commit time keep
// the exe reproducible.
func BuildExe(ctx context.Context, root, pkg, out string, arch Arch, v version.Info) error {
	ldflags := fmt.Sprintf("-s -w -X main.version=%s -X main.commit=%s -X main.date=%s",
		v.Version, v.Commit, v.Time.UTC().Format(time.RFC3339))
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", ldflags, "-o", out, pkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH="+string(arch), "CGO_ENABLED=0")
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s for windows/%s: %w\n%s", pkg, arch, err, stderr.String())
	}
	return nil
}
