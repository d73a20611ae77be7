package wine

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/deps"
)

// Fixtures shared by the tests: one prefix per test run, as in production,
// because making one costs seconds.
var (
	testPrefix  *Prefix
	helloExe    string // testdata/hello built for windows/amd64
	minisvcExe  string // testdata/minisvc built for windows/amd64
	wrapperPath string // cmd/wineexec built for the host
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	ctx := context.Background()
	// These tests exist to exercise Wine: a machine without it installs it
	// (root) or fails with the apt-get line; it never skips.
	if err := deps.Ensure(ctx, deps.Wine...); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	tmp, err := os.MkdirTemp("", "svcpack-wine-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)

	helloExe = filepath.Join(tmp, "hello.exe")
	wrapperPath = filepath.Join(tmp, "wineexec")
	minisvcExe = filepath.Join(tmp, "minisvc.exe")
	for exe, pkg := range map[string]string{helloExe: "./testdata/hello", minisvcExe: "./testdata/minisvc"} {
		if err := crossBuild(ctx, exe, pkg); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	if err := buildWrapper(ctx, "", wrapperPath); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	testPrefix, err = NewPrefix(ctx, filepath.Join(tmp, "prefix"), OwnNetwork)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer testPrefix.Close()
	return m.Run()
}

// crossBuild builds pkg for windows/amd64 into out.
func crossBuild(ctx context.Context, out, pkg string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if _, err := run(cmd); err != nil {
		return fmt.Errorf("cross-build %s: %w", pkg, err)
	}
	return nil
}
