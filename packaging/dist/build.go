package dist

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/svcpack/svcpack/packaging/msi"
	"github.com/svcpack/svcpack/packaging/version"
)

// binaryDir is where goreleaser puts a build: project_target, the target
// naming the GOARCH variant it sets (GOAMD64=v1, GO386=sse2, GOARM64=v8.0).
func binaryDir(arch msi.Arch) string {
	return "hellosvc_windows_" + string(arch) + "_" + variant(arch)
}

func variant(arch msi.Arch) string {
	switch arch {
	case msi.I386:
		return "sse2"
	case msi.ARM64:
		return "v8.0"
	}
	return "v1"
}

func variantEnv(arch msi.Arch) string {
	switch arch {
	case msi.I386:
		return "GO386=" + variant(arch)
	case msi.ARM64:
		return "GOARM64=" + variant(arch)
	}
	return "GOAMD64=" + variant(arch)
}

// goBuild is the build .goreleaser.yaml describes, flag for flag, so that
// goreleaser on a tag and this on any commit make the same bytes.
func goBuild(ctx context.Context, root, out string, arch msi.Arch, v version.Info) error {
	ldflags := fmt.Sprintf("-s -w -X main.version=%s -X main.commit=%s -X main.date=%s",
		v.Version, v.Commit, v.Time.UTC().Format(time.RFC3339))
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags="+ldflags, "-o", out, "./cmd/hellosvc")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH="+string(arch), variantEnv(arch), "CGO_ENABLED=0")
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build ./cmd/hellosvc for windows/%s: %w\n%s", arch, err, stderr.String())
	}
	// mod_timestamp: the commit time, not the build's.
	return os.Chtimes(out, v.Time, v.Time)
}
