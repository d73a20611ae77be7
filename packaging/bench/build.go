package bench

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"

	"github.com/svcpack/svcpack/internal/childenv"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

// module is the bench's module (its baselines' and stopwatch's sources are
// in its testdata), relative to the repository root.
const module = "packaging/bench"

// exes are the Windows programs one run uses, all built in it.
type exes struct {
	product   string // the product's exe (svcpack.yaml's main)
	bare      string // the x/sys baseline
	bareHTTP  string // the sample's HTTP server on bare x/sys (Sample.BareHTTP)
	minimal   string // the same program through service.Run
	kardianos string // the kardianos/service baseline (its own module)
	scmtimer  string // the stopwatch
	probe     string // startprobe, to take a start apart
	wrap      string // cmd/svcwrap, as it ships
	child     string // the C console program the wrapper runs
}

// buildExes cross-compiles every program for windows/amd64 with the same
// flags as the release (-trimpath, stripped), so that sizes and load costs
// compare like with like. svcwrap is the build that ships, its trust check
// included.
func buildExes(ctx context.Context, root, dir string, p *product.Product, sample Sample, wrapChild string) (exes, error) {
	e := exes{
		product:   filepath.Join(dir, p.ExeName()),
		bare:      filepath.Join(dir, "bare.exe"),
		bareHTTP:  filepath.Join(dir, "barehttp.exe"),
		minimal:   filepath.Join(dir, "minimal.exe"),
		kardianos: filepath.Join(dir, "kardianos.exe"),
		scmtimer:  filepath.Join(dir, "scmtimer.exe"),
		probe:     filepath.Join(dir, "startprobe.exe"),
		wrap:      filepath.Join(dir, "svcwrap.exe"),
		child:     filepath.Join(dir, "child.exe"),
	}
	bench := filepath.Join(root, module)
	builds := []struct{ out, dir, pkg string }{
		{e.product, root, p.Main},
		{e.bare, bench, "./testdata/bare"},
		// In its own module, beside the sample: built in its folder.
		{e.bareHTTP, filepath.Join(root, sample.BareHTTP), "."},
		{e.minimal, bench, "./testdata/minimal"},
		{e.scmtimer, bench, "./testdata/scmtimer"},
		{e.probe, bench, "./testdata/startprobe"},
		{e.wrap, root, "./cmd/svcwrap"},
		// A module of its own: kardianos/service is pinned in its go.mod and
		// fetched from the module proxy, never required by svcpack's.
		{e.kardianos, filepath.Join(bench, "testdata", "kardianos"), "."},
	}
	for _, b := range builds {
		if err := goBuild(ctx, b.dir, "amd64", b.out, b.pkg, "-s -w"); err != nil {
			return exes{}, err
		}
	}
	var stderr bytes.Buffer
	cmd := childenv.Command(ctx, "x86_64-w64-mingw32-gcc", "-O2", "-o", e.child, wrapChild, "-lws2_32")
	cmd.Dir, cmd.Stderr = root, &stderr
	if err := cmd.Run(); err != nil {
		return exes{}, fmt.Errorf("build %s with mingw: %w\n%s", wrapChild, err, stderr.String())
	}
	return e, nil
}

// hostBuild builds pkg of the repository for this machine (svcpack itself,
// as goreleaser's hook and an adopter's `go tool` run it).
func hostBuild(ctx context.Context, root, out, pkg string) error {
	var stderr bytes.Buffer
	cmd := childenv.Command(ctx, "go", "build", "-o", out, pkg)
	cmd.Dir = root
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, stderr.String())
	}
	return nil
}

// goBuild cross-compiles pkg for windows/arch, with more build flags if given.
func goBuild(ctx context.Context, dir, arch, out, pkg, ldflags string, flags ...string) error {
	var stderr bytes.Buffer
	args := append(append([]string{"build", "-trimpath", "-ldflags", ldflags}, flags...), "-o", out, pkg)
	cmd := childenv.Command(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = childenv.Environ("GOOS=windows", "GOARCH="+arch, "CGO_ENABLED=0")
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s for windows/%s: %w\n%s", pkg, arch, err, stderr.String())
	}
	return nil
}
