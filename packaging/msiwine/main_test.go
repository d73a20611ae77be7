package msiwine

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/svcpack/svcpack/packaging/deps"
	"github.com/svcpack/svcpack/packaging/msi"
	"github.com/svcpack/svcpack/packaging/version"
	"github.com/svcpack/svcpack/packaging/wine"
)

// Fixtures: one prefix for the run, and two versions of the package so that
// an upgrade can be tested. Versions stay below 128 (Wine's
// FindRelatedProducts misreads larger majors).
var (
	prefix *wine.Prefix
	msiV1  string
	msiV2  string
	tmpDir string
)

func TestMain(m *testing.M) { os.Exit(runTests(m)) }

func runTests(m *testing.M) int {
	ctx := context.Background()
	if err := deps.Ensure(ctx, append(append([]deps.Tool{}, deps.Wine...), deps.MSI...)...); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var err error
	if tmpDir, err = os.MkdirTemp("", "svcpack-msiwine-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmpDir)
	if msiV1, err = buildMSI(ctx, "1.0.0"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if msiV2, err = buildMSI(ctx, "1.1.0"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if prefix, err = wine.NewPrefix(ctx, filepath.Join(tmpDir, "prefix")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer prefix.Close()
	return m.Run()
}

// buildMSI makes the real amd64 package of cmd/hellosvc as version v.
func buildMSI(ctx context.Context, v string) (string, error) {
	info, err := version.Parse(v)
	if err != nil {
		return "", err
	}
	info.Commit = "0000000000000000000000000000000000000000"
	info.Time = time.Unix(1700000000, 0).UTC()
	outs, err := msi.Dist(ctx, msi.DistOptions{
		Root:    "../..",
		OutDir:  filepath.Join(tmpDir, "dist-"+v),
		Arches:  []msi.Arch{msi.AMD64},
		Version: &info,
		Log:     io.Discard,
	})
	if err != nil {
		return "", err
	}
	return outs[0], nil
}
