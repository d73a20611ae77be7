package dist

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
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
// goreleaser on a tag and this on any commit make the same bytes. It links
// into a directory of the user's cache and copies the exe into out: go build
// skips the link when the exe there is already what it would make, so a
// removed dist/ costs a copy, not three links.
func goBuild(ctx context.Context, root, out string, arch msi.Arch, v version.Info) error {
	ldflags := fmt.Sprintf("-s -w -X main.version=%s -X main.commit=%s -X main.date=%s",
		v.Version, v.Commit, v.Time.UTC().Format(time.RFC3339))
	linked, err := linkPath(root, arch)
	if err != nil {
		linked = out // no user cache directory: link in place
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags="+ldflags, "-o", linked, "./cmd/hellosvc")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH="+string(arch), variantEnv(arch), "CGO_ENABLED=0")
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build ./cmd/hellosvc for windows/%s: %w\n%s", arch, err, stderr.String())
	}
	if linked != out {
		if err := copyFile(linked, out); err != nil {
			return err
		}
	}
	// mod_timestamp: the commit time, not the build's.
	return os.Chtimes(out, v.Time, v.Time)
}

// linkPath is the exe's place in the user's cache, one per checkout and arch.
func linkPath(root string, arch msi.Arch) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cache, "svcpack", "dist", hex.EncodeToString(sum[:6]), binaryDir(arch), "hellosvc.exe"), nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
