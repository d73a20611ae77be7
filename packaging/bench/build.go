package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// testdata holds the baselines' and the stopwatch's sources, relative to
// the repository root.
const testdata = "packaging/bench/testdata"

// exes are the Windows programs one run uses, all built in it.
type exes struct {
	hellosvc  string // cmd/hellosvc
	bare      string // the x/sys baseline
	minimal   string // the same program through service.Run
	kardianos string // the kardianos/service baseline (its own module)
	scmtimer  string // the stopwatch
	probe     string // startprobe, to take a start apart
}

// buildExes cross-compiles every program for windows/amd64 with the same
// flags as the release (-trimpath, stripped), so that sizes and load costs
// compare like with like.
func buildExes(ctx context.Context, root, dir string) (exes, error) {
	e := exes{
		hellosvc:  filepath.Join(dir, "hellosvc.exe"),
		bare:      filepath.Join(dir, "bare.exe"),
		minimal:   filepath.Join(dir, "minimal.exe"),
		kardianos: filepath.Join(dir, "kardianos.exe"),
		scmtimer:  filepath.Join(dir, "scmtimer.exe"),
		probe:     filepath.Join(dir, "startprobe.exe"),
	}
	builds := []struct{ out, dir, pkg string }{
		{e.hellosvc, root, "./cmd/hellosvc"},
		{e.bare, root, "./" + testdata + "/bare"},
		{e.minimal, root, "./" + testdata + "/minimal"},
		{e.scmtimer, root, "./" + testdata + "/scmtimer"},
		{e.probe, root, "./" + testdata + "/startprobe"},
		// A module of its own: kardianos/service is pinned in its go.mod and
		// fetched from the module proxy, never required by svcpack's.
		{e.kardianos, filepath.Join(root, testdata, "kardianos"), "."},
	}
	for _, b := range builds {
		if err := goBuild(ctx, b.dir, "amd64", b.out, b.pkg, "-s -w"); err != nil {
			return exes{}, err
		}
	}
	return e, nil
}

// hostBuild builds pkg of the repository for this machine (svcpack itself,
// as goreleaser's hook and an adopter's `go tool` run it).
func hostBuild(ctx context.Context, root, out, pkg string) error {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
	cmd.Dir = root
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, stderr.String())
	}
	return nil
}

// goBuild cross-compiles pkg for windows/arch.
func goBuild(ctx context.Context, dir, arch, out, pkg, ldflags string) error {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", ldflags, "-o", out, pkg)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH="+arch, "CGO_ENABLED=0")
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s for windows/%s: %w\n%s", pkg, arch, err, stderr.String())
	}
	return nil
}
