package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

var (
	distColdTarget = Limit{Max: 1.5}
	distWarmTarget = Limit{Max: 1, Unit: "s"}
)

const (
	figDistCold = "mage dist cold (dist/ removed, Go cache warm) / plain go build of the 3 exes, outputs removed (s)"
	figDistWarm = "mage dist warm, nothing changed (s)"
)

// distFigures times `go tool mage dist` in a clone of the repository's HEAD
// (so the checkout's own dist/ is never touched), cold and warm, against
// plain `go build` of the same three hellosvc.exe in the same clone. The
// plain build's outputs are removed before each of its rounds as dist/ is
// before each cold mage dist: go build skips the link when the exe at -o is
// already what it would make. (mage dist links into a cache of its own outside
// dist/, packaging/dist's linkPath, which is not removed: see the method in
// docs/benchmarks.md.)
func (b *run) distFigures(ctx context.Context) {
	repo := filepath.Join(b.tmp, "repo")
	if out, err := exec.CommandContext(ctx, "git", "clone", "-q", b.opts.Root, repo).CombinedOutput(); err != nil {
		b.fail(figDistCold, distColdTarget.String(), fmt.Errorf("git clone: %w\n%s", err, out))
		return
	}
	targets, err := b.cmd(ctx, repo, "go", "tool", "mage", "-l")
	if err != nil {
		b.fail(figDistCold, distColdTarget.String(), err)
		return
	}
	if !hasTarget(targets, "dist") {
		why := "HEAD has no `mage dist` target yet (issue 5)"
		b.report.Rows = append(b.report.Rows,
			missingRow(figDistCold, distColdTarget.String(), why),
			missingRow(figDistWarm, distWarmTarget.String(), why))
		return
	}
	b.logf("mage dist: 1 warm-up, then %d cold and %d warm runs; %d plain go builds", b.opts.SlowRuns, b.opts.SlowRuns, b.opts.SlowRuns)
	mageDist := func() (float64, error) {
		t0 := time.Now()
		_, err := b.cmd(ctx, repo, "go", "tool", "mage", "dist")
		return time.Since(t0).Seconds(), err
	}
	// The warm-up fills the Go cache and mage's compiled magefile: "cold"
	// means dist/ is gone, not the cache.
	if _, err := mageDist(); err != nil {
		b.fail(figDistCold, distColdTarget.String(), err)
		return
	}
	plainOut := filepath.Join(b.tmp, "plain")
	if _, err := plainBuilds(ctx, repo, plainOut); err != nil { // warm-up
		b.fail(figDistCold, distColdTarget.String(), err)
		return
	}
	var cold, warm, plain []float64
	for range b.opts.SlowRuns {
		if err := os.RemoveAll(filepath.Join(repo, "dist")); err != nil {
			b.fail(figDistCold, distColdTarget.String(), err)
			return
		}
		s, err := mageDist()
		if err != nil {
			b.fail(figDistCold, distColdTarget.String(), err)
			return
		}
		cold = append(cold, s)
	}
	for range b.opts.SlowRuns {
		s, err := mageDist()
		if err != nil {
			b.fail(figDistWarm, distWarmTarget.String(), err)
			return
		}
		warm = append(warm, s)
	}
	for range b.opts.SlowRuns {
		if err := os.RemoveAll(plainOut); err != nil {
			b.fail(figDistCold, distColdTarget.String(), err)
			return
		}
		s, err := plainBuilds(ctx, repo, plainOut)
		if err != nil {
			b.fail(figDistCold, distColdTarget.String(), err)
			return
		}
		plain = append(plain, s)
	}
	b.report.Rows = append(b.report.Rows,
		ratioRow(figDistCold, Summarize(cold), Summarize(plain), "s", 2, distColdTarget),
		absRow(figDistWarm, Summarize(warm), 2, distWarmTarget))
}

// plainBuilds is what a person does without the pipeline: go build of
// hellosvc for the three arches, one after the other, with the release's
// flags (-trimpath, stripped, version stamped), cache warm, into out.
func plainBuilds(ctx context.Context, repo, out string) (float64, error) {
	t0 := time.Now()
	for _, arch := range []string{"amd64", "386", "arm64"} {
		ldflags := "-s -w -X main.version=0.0.0-bench -X main.commit=0000000 -X main.date=2023-11-14T22:13:20Z"
		if err := goBuild(ctx, repo, arch, filepath.Join(out, arch, "hellosvc.exe"), "./cmd/hellosvc", ldflags); err != nil {
			return 0, err
		}
	}
	return time.Since(t0).Seconds(), nil
}

// hasTarget reads `mage -l` output ("Targets:" then one indented target per
// line, "name  comment").
func hasTarget(list, name string) bool {
	for _, line := range strings.Split(list, "\n") {
		f := strings.Fields(line)
		indented := strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")
		if indented && len(f) > 0 && strings.TrimSuffix(strings.ToLower(f[0]), "*") == name {
			return true
		}
	}
	return false
}

// cmd runs a command in dir with signing switched off (the plain build
// does not sign either) and returns its output; the error carries it.
func (b *run) cmd(ctx context.Context, dir, name string, args ...string) (string, error) {
	var out bytes.Buffer
	c := exec.CommandContext(ctx, name, args...)
	c.Dir = dir
	c.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "SVCPACK_SIGN_") })
	c.Stdout, c.Stderr = &out, &out
	if err := c.Run(); err != nil {
		return out.String(), fmt.Errorf("%s %s in %s: %w\n%s", name, strings.Join(args, " "), dir, err, tail(out.String(), 30))
	}
	return out.String(), nil
}
