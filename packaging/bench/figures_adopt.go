package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/svcpack/svcpack/internal/adoptmod"
	"github.com/svcpack/svcpack/internal/childenv"
	"github.com/svcpack/svcpack/packaging/internal/sign"
	"github.com/svcpack/svcpack/packaging/internal/wine"
)

const (
	figAdopt = "new module: go mod init → svcpack init → MSI built → installed and answering under Wine (s)"
	// adoptName and adoptCompany are what the adopter gives svcpack init.
	adoptName    = "benchsvc"
	adoptCompany = "Contoso"
	adoptVersion = "0.1.0"
)

// adoptStep is one command of the adoption, as the README gives it.
type adoptStep struct {
	name string
	run  func(ctx context.Context) error
}

// adoptFigures times a new module from nothing to an installed MSI, the
// steps of README's quick start for a Go service (as the adoption tests in
// packaging/internal/cli take them), SlowRuns times, and counts the files
// the adopter has in the module at the end.
func (b *run) adoptFigures(ctx context.Context, p *wine.Prefix) {
	b.logf("new module from svcpack init to an installed MSI: %d runs", b.opts.SlowRuns)
	var totals []float64
	steps := map[string][]float64{}
	var order []string
	var files string
	for i := range b.opts.SlowRuns {
		dir := filepath.Join(b.tmp, fmt.Sprintf("adopt-%d", i))
		took, err := b.adoptOnce(ctx, p, dir, func(step string, d time.Duration) {
			if !slices.Contains(order, step) {
				order = append(order, step)
			}
			steps[step] = append(steps[step], d.Seconds())
		})
		if err != nil {
			b.fail(figAdopt, "reported", err)
			return
		}
		totals = append(totals, took.Seconds())
		if files, err = adopterFiles(dir); err != nil {
			b.fail(figAdopt, "reported", err)
			return
		}
	}
	s := Summarize(totals)
	b.report.Rows = append(b.report.Rows, Row{Figure: figAdopt, Ours: s.Format("s", 1),
		Result: fmt.Sprintf("%.1f s; first run %.1f s", s.Median, totals[0]), Target: "reported", Verdict: "reported"})
	var parts []string
	for _, name := range order {
		parts = append(parts, fmt.Sprintf("%s %s", name, Summarize(steps[name]).Format("s", 1)))
	}
	b.note("New module, step by step (the first run compiles svcpack for `go tool` and the service for Windows; later ones find both in the Go cache): %s.", strings.Join(parts, "; "))
	b.note("New module, files: %s.", files)
}

// adoptOnce runs the adoption in dir and returns its wall time; each step's
// time goes to record.
func (b *run) adoptOnce(ctx context.Context, p *wine.Prefix, dir string, record func(string, time.Duration)) (time.Duration, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	addr, err := freeAddr()
	if err != nil {
		return 0, err
	}
	exe := adoptName + ".exe"
	msiPath := filepath.Join(dir, adoptName+"_"+adoptVersion+"_amd64.msi")
	goCmd := func(env []string, args ...string) func(context.Context) error {
		return func(ctx context.Context) error { return runIn(ctx, dir, env, "go", args...) }
	}
	// svcpack comes from this checkout, not the proxy: its requirement is
	// replaced by the repository, as in the adoption test. Its dependencies
	// come from the module cache or GOPROXY, their checksums from this
	// checkout's go.sum.
	adopter := []string{"GOFLAGS=-mod=mod", sign.EnvPFX + "="}
	windows := append([]string{"GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0"}, adopter...)
	steps := []adoptStep{
		{"go mod init", goCmd(adopter, "mod", "init", "example.com/"+adoptName)},
		// Checksums from this checkout's go.sum (package adoptmod): the
		// checksum database is never asked, which a new machine may not reach.
		{"seed go.sum", func(context.Context) error { return adoptmod.SeedSums(b.opts.Root, dir) }},
		{"require svcpack (replaced by this checkout)", goCmd(adopter, "mod", "edit",
			"-require=github.com/svcpack/svcpack@v0.0.0", "-replace=github.com/svcpack/svcpack="+b.opts.Root)},
		// Offline: go get would ask the proxy whether longer module paths
		// (…/cmd/svcpack) exist, and a proxy that serves only what it allows
		// answers 403, which go get takes as a failure, not as "no such
		// module". svcpack's dependencies are in the module cache already.
		{"go get -tool svcpack", goCmd(append([]string{"GOPROXY=off"}, adopter...), "get", "-tool", "github.com/svcpack/svcpack/cmd/svcpack")},
		{"svcpack init", goCmd(adopter, "tool", "svcpack", "init", "--name", adoptName, "--company", adoptCompany)},
		// The adopter's one edit: the address the skeleton serves on.
		{"edit the address in main.go", func(context.Context) error { return setAddress(filepath.Join(dir, "cmd", adoptName, "main.go"), addr) }},
		{"go mod tidy", goCmd(adopter, "mod", "tidy")},
		{"go build (windows/amd64)", goCmd(windows, "build", "-trimpath", "-ldflags", "-s -w -X main.version="+adoptVersion,
			"-o", exe, "./cmd/"+adoptName)},
		{"svcpack msi", goCmd(adopter, "tool", "svcpack", "msi", "--exe", exe, "--arch", "amd64", "--version", adoptVersion, "--out", msiPath)},
		// The hook for `svcpack smoke MSI` once it exists: it replaces this
		// step (install, answer) and the uninstall below.
		{"msiexec /i, until /version answers", func(ctx context.Context) error {
			if err := b.msiexec(ctx, p, "adopt-install-"+filepath.Base(dir), "/i", wine.WinPath(msiPath)); err != nil {
				return err
			}
			return waitVersion(ctx, addr, adoptVersion, 30*time.Second)
		}},
	}
	began := time.Now()
	for _, s := range steps {
		start := time.Now()
		if err := s.run(ctx); err != nil {
			return 0, fmt.Errorf("%s: %w", s.name, err)
		}
		record(s.name, time.Since(start))
	}
	took := time.Since(began)
	// Not part of the figure: the next run installs a product of the same name.
	if err := b.msiexec(ctx, p, "adopt-uninstall-"+filepath.Base(dir), "/x", wine.WinPath(msiPath)); err != nil {
		return 0, err
	}
	return took, nil
}

// setAddress points the skeleton's listening address at addr.
func setAddress(mainGo, addr string) error {
	src, err := os.ReadFile(mainGo)
	if err != nil {
		return err
	}
	const line = `const address = "127.0.0.1:8080"`
	if !strings.Contains(string(src), line) {
		return fmt.Errorf("%s has no line %s to change", mainGo, line)
	}
	return os.WriteFile(mainGo, []byte(strings.Replace(string(src), line, `const address = "`+addr+`"`, 1)), 0o644)
}

// adopterFiles lists the files of the module apart from the build's outputs
// (the exe, the MSI), saying who wrote each.
func adopterFiles(dir string) (string, error) {
	var byGo, byInit []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case strings.HasSuffix(rel, ".exe"), strings.HasSuffix(rel, ".msi"):
		case rel == "go.mod", rel == "go.sum":
			byGo = append(byGo, rel)
		default:
			byInit = append(byInit, rel)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d in the module, none written by hand: %s by the go command; %s by svcpack init; "+
		"the one edit by hand is main.go's listening address", len(byGo)+len(byInit),
		strings.Join(byGo, ", "), strings.Join(byInit, ", ")), nil
}

// runIn runs name args in dir with env added, and says what failed.
func runIn(ctx context.Context, dir string, env []string, name string, args ...string) error {
	cmd := childenv.Command(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = childenv.Environ(env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, out)
	}
	return nil
}
