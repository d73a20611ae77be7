//go:build mage

// Targets for `go tool mage <target>`. Each one calls the pipeline through
// its one door, package packaging (the stages are packaging/internal); the
// work itself lives there.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/magefile/mage/mg"

	"github.com/svcpack/svcpack/packaging"
)

// wrapDemo is the repository's sample wrapped product: svcwrap runs its C
// console program, which the wrapper's own tests run too.
const (
	wrapDemoProduct = "examples/wrapdemo/" + packaging.ProductFile
	wrapDemoSource  = "examples/wrapdemo/console/console.c"
)

// windowsPackages are the packages whose tests also run as Windows binaries
// under Wine (natively on Windows in CI).
var windowsPackages = []string{"./service/...", "./cmd/...", "./internal/...", "./packaging/internal/cli"}

// Deps installs the Debian packages the pipeline runs (apt-get as root;
// otherwise it prints the one command to run).
func Deps(ctx context.Context) error {
	return packaging.EnsureDeps(ctx)
}

// Build compiles every package for the host and cross-compiles them for
// windows/amd64, 386 and arm64.
func Build(ctx context.Context) error {
	targets := [][2]string{{"", ""}, {"windows", "amd64"}, {"windows", "386"}, {"windows", "arm64"}}
	for _, t := range targets {
		if err := goCmd(ctx, t[0], t[1], "build", "./..."); err != nil {
			return err
		}
	}
	fmt.Println("build: host, windows/amd64, windows/386, windows/arm64 compile")
	return nil
}

// Test runs everything: Linux unit tests (packaging tests drive wixl, msitools,
// osslsigncode and Wine for real), then the Windows packages' tests as
// windows/amd64 binaries under Wine, including the hellosvc lifecycle test,
// then the MSI smoke suite under Wine (Smoke).
func Test(ctx context.Context) error {
	mg.CtxDeps(ctx, Deps)
	// packaging/internal/dist's TestSnapshot runs goreleaser: find or build it here,
	// where it says so, not silently inside go test's timeout.
	goreleaser, err := packaging.GoreleaserEnv(ctx, ".", os.Stdout)
	if err != nil {
		return err
	}
	// 30 minutes, not go test's 10 per package: packaging/internal/cli's adoption tests
	// run the whole smoke suite (two products) under Wine, several minutes on a loaded host.
	fmt.Println("test 1/4: Linux tests (go test ./...: unit tests; MSIs built, linted and signed with wixl, msitools, osslsigncode; the adoption tests under Wine, each adopted product through the whole smoke suite)")
	if err := quiet("test 1/4: go test ./... is still running (it prints each package when it ends)", func(w io.Writer) error {
		return runTo(ctx, w, "", []string{goreleaser}, "go", "test", "-count=1", "-timeout=30m", "./...")
	}); err != nil {
		return fmt.Errorf("linux tests: %w", err)
	}
	for _, dir := range []string{schandleDir, benchDir, sampleBenchDir} {
		fmt.Println("test 2/4: the tests of the module " + dir)
		if err := quiet("test 2/4: the tests of "+dir+" are still running", func(w io.Writer) error {
			return runTo(ctx, w, dir, nil, "go", "test", "-count=1", "./...")
		}); err != nil {
			return fmt.Errorf("tests of %s: %w", dir, err)
		}
	}
	p, err := packaging.LoadProduct(packaging.ProductFile)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "svcpack-test-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	exe := filepath.Join(tmp, p.Exe)
	fmt.Printf("test 3/4: Windows tests of %s under Wine (windows/amd64 test binaries; %s built for the lifecycle test)\n", strings.Join(windowsPackages, " "), p.Exe)
	if err := goCmd(ctx, "windows", "amd64", "build", "-o", exe, p.MainPackage); err != nil {
		return err
	}
	// The wrapper's tests run a program that is not Go: the C console
	// program in its testdata, built with mingw (a Wine dependency already).
	child := filepath.Join(tmp, "wrapchild.exe")
	if err := buildConsole(ctx, child); err != nil {
		return err
	}
	svcwrap := filepath.Join(tmp, "svcwrap.exe")
	if err := goCmd(ctx, "windows", "amd64", "build", "-o", svcwrap, "./cmd/svcwrap"); err != nil {
		return err
	}
	if err := quiet("test 3/4: the Windows tests under Wine are still running", func(w io.Writer) error {
		return packaging.TestUnderWine(ctx, packaging.WineTest{
			Packages: windowsPackages,
			Flags:    []string{"-count=1"},
			Env:      []string{"HELLOSVC_EXE=" + exe, "WRAP_CHILD_EXE=" + child, "SVCWRAP_EXE=" + svcwrap},
			Out:      w,
		})
	}); err != nil {
		return err
	}
	// Not in the call above: the smoke cases need a machine (prefix) without
	// hellosvc, and the lifecycle test installs it.
	fmt.Println("test 4/4: the MSI smoke suite under Wine for " + packaging.ProductFile + " and " + wrapDemoProduct + " (packaging/internal/smoke; it prints its results when it ends)")
	return Smoke(ctx)
}

// buildConsole builds the sample wrapped program (C, mingw) as out.
func buildConsole(ctx context.Context, out string) error {
	if err := run(ctx, nil, "x86_64-w64-mingw32-gcc", "-O2", "-o", out, wrapDemoSource, "-lws2_32"); err != nil {
		return fmt.Errorf("build the wrapped sample program %s: %w", wrapDemoSource, err)
	}
	return nil
}

// SmokeMSIs writes the repository's smoke packages to dist/smoke: the
// product's package at two versions and the argv recorder package; and the
// sample wrapped product's to dist/smoke-<name>, with the real svcwrap (for
// CI's Windows job).
func SmokeMSIs(ctx context.Context) error {
	for _, file := range []string{packaging.ProductFile, wrapDemoProduct} {
		if err := packaging.SmokeMSIs(ctx, smokeOf(file)); err != nil {
			return err
		}
	}
	return nil
}

// windowsFixturesDir is where WindowsFixtures writes; CI's Windows job
// downloads it as the artifact windows-fixtures.
const windowsFixturesDir = "dist/windows-fixtures"

// WindowsFixtures writes to dist/windows-fixtures the packages and transforms
// packaging/internal/cli's Windows tests (TestAdoptedMSI, TestTransformMSI,
// TestTransformHellosvc) need, with env.txt naming them: the Linux drivers'
// own helpers, run by packaging/internal/cli's TestWindowsFixtures. Windows has no wixl;
// CI's Windows job runs those tests natively on what this writes.
func WindowsFixtures(ctx context.Context) error {
	mg.CtxDeps(ctx, Deps)
	dir, err := filepath.Abs(windowsFixturesDir)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("remove %s: %w", dir, err)
	}
	if err := goCmd(ctx, "", "", "test", "-count=1", "-v", "-run", "^TestWindowsFixtures$", "./packaging/internal/cli", "-args", "-windows-fixtures="+dir); err != nil {
		return err
	}
	// A skipped test passes too: the list it writes last is the proof.
	if _, err := os.Stat(filepath.Join(dir, "env.txt")); err != nil {
		return fmt.Errorf("TestWindowsFixtures wrote no env.txt: %w", err)
	}
	fmt.Println("windowsFixtures: wrote", windowsFixturesDir)
	return nil
}

// Smoke builds the smoke packages and runs the smoke suite on them the way
// `go tool svcpack smoke` does (under Wine in a fresh prefix),
// with the repository's argv recorder package too. SVCPACK_SMOKE_RUN limits
// it to the cases matching a go test -run expression.
//
// Then the same for the sample wrapped product (wrapDemoProduct), after the
// first: two runs at once would share ports and Wine's resources. Its MSIs
// package svcwrap as <name>.exe as a release does, under Wine too (the
// trust rule in internal/wrap/trust.go; docs/wrapper.md).
// SVCPACK_SMOKE_PRODUCTS=wrapdemo (or hellosvc:
// the names of the product files' folders, "." for the root) runs only those.
func Smoke(ctx context.Context) error {
	for _, file := range smokeProducts() {
		if err := packaging.RunSmoke(ctx, smokeOf(file)); err != nil {
			return err
		}
	}
	return nil
}

// smokeProducts are the product files Smoke runs, SVCPACK_SMOKE_PRODUCTS
// (folder base names, comma-separated) choosing among them.
func smokeProducts() []string {
	all := []string{packaging.ProductFile, wrapDemoProduct}
	only := os.Getenv("SVCPACK_SMOKE_PRODUCTS")
	if only == "" {
		return all
	}
	wanted := strings.Split(only, ",")
	var out []string
	for _, f := range all {
		if p, err := packaging.LoadProduct(f); err == nil && slices.Contains(wanted, p.Name) {
			out = append(out, f)
		}
	}
	return out
}

// smokeOf is the smoke run of the product file: the sample wrapped
// product's one file, the console program, is built here.
func smokeOf(file string) packaging.Smoke {
	s := packaging.Smoke{Product: file, Run: os.Getenv("SVCPACK_SMOKE_RUN")}
	if file == wrapDemoProduct {
		s.BuildProgram = buildConsole
	}
	return s
}

// Lint checks formatting, go vet and staticcheck for linux and windows, then
// what a release depends on: goreleaser check, actionlint, govulncheck.
func Lint(ctx context.Context) error {
	dirs, err := exec.CommandContext(ctx, "go", "list", "-f", "{{.Dir}}", "./...").Output()
	if err != nil {
		return fmt.Errorf("go list: %w", err)
	}
	args := append([]string{"-l", "magefile.go", schandleDir, benchDir, sampleBenchDir}, strings.Fields(string(dirs))...)
	out, err := exec.CommandContext(ctx, "gofmt", args...).Output()
	if err != nil {
		return fmt.Errorf("gofmt: %w", err)
	}
	if files := strings.TrimSpace(string(out)); files != "" {
		return fmt.Errorf("gofmt would change these files (run gofmt -w):\n%s", files)
	}
	// `go tool` would build staticcheck for the target GOOS; build it for the
	// host once and point it at each GOOS.
	fmt.Println("lint: building its tools for the host: staticcheck (tools/go.mod) and the schandle analyzer (" + schandleDir + "); minutes on an empty Go cache, seconds after")
	staticcheck, err := toolPath(ctx, "staticcheck")
	if err != nil {
		return err
	}
	schandle, err := buildSchandle(ctx)
	if err != nil {
		return err
	}
	defer os.RemoveAll(filepath.Dir(schandle))
	// The main module and the bench's two modules (the library and the sample's command): svcpack's code.
	for _, goos := range []string{"linux", "windows"} {
		for _, dir := range []string{".", benchDir, sampleBenchDir} {
			fmt.Printf("lint: go vet, staticcheck, schandle for GOOS=%s in %s\n", goos, dir)
			if err := runIn(ctx, dir, []string{"GOOS=" + goos, "GOARCH=amd64", "CGO_ENABLED=0"}, "go", "vet", "./..."); err != nil {
				return fmt.Errorf("go vet (GOOS=%s, %s): %w", goos, dir, err)
			}
			if err := runIn(ctx, dir, []string{"GOOS=" + goos}, staticcheck, "./..."); err != nil {
				return fmt.Errorf("staticcheck (GOOS=%s, %s): %w", goos, dir, err)
			}
			// Every SC_HANDLE closed on every path (cmd/schandle).
			if err := runIn(ctx, dir, []string{"GOOS=" + goos}, schandle, "./..."); err != nil {
				return fmt.Errorf("schandle (GOOS=%s, %s): %w", goos, dir, err)
			}
		}
	}
	// The analyzer is a module of its own (x/tools stays out of go.mod).
	if err := runIn(ctx, schandleDir, nil, "go", "vet", "./..."); err != nil {
		return fmt.Errorf("go vet (%s): %w", schandleDir, err)
	}
	if err := runIn(ctx, schandleDir, nil, staticcheck, "./..."); err != nil {
		return fmt.Errorf("staticcheck (%s): %w", schandleDir, err)
	}
	fmt.Println("lint: gofmt, go vet, staticcheck, schandle clean for linux and windows")
	fmt.Println("lint: building goreleaser, actionlint and govulncheck (tools/go.mod) for goreleaser check, actionlint, govulncheck; minutes on an empty Go cache")
	var tools packaging.ReleaseTools
	for name, path := range map[string]*string{"goreleaser": &tools.Goreleaser, "actionlint": &tools.Actionlint, "govulncheck": &tools.Govulncheck} {
		if *path, err = toolPath(ctx, name); err != nil {
			return err
		}
	}
	return packaging.LintRelease(ctx, ".", tools, os.Stdout)
}

// MSI writes dist/<name>_<version>_<arch>.msi for each architecture
// svcpack.yaml lists, signed when a signing key is set (docs/signing.md);
// unchanged inputs are not rebuilt.
func MSI(ctx context.Context) error { return packaging.MSIs(ctx, false) }

// Sign is MSI, but fails unless a signing key is set: a PKCS#12
// (SVCPACK_SIGN_PFX) or a PKCS#11 token (SVCPACK_SIGN_PKCS11_*, docs/signing.md).
func Sign(ctx context.Context) error { return packaging.MSIs(ctx, true) }

// Bench measures the product (svcpack.yaml; the sample's driver in
// cmd/hellosvc/bench/benchdrive), the wrapper and the MSI against baselines
// built in the same run (bare x/sys service, kardianos/service, a program
// writing to files itself, zip -9) under Wine, prints the table and writes
// docs/benchmarks.md. It is the command of the bench's own module,
// cmd/hellosvc/bench, the sample's bench command, run in its module.
// SVCPACK_BENCH_ONLY=stage,wrap measures only those groups of figures
// (bench.Groups) and prints them without writing the docs.
// SVCPACK_BENCH_TRACE_UPGRADE=1 adds a traced upgrade whose window the notes
// take apart (bench.Options.TraceUpgrade).
func Bench(ctx context.Context) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	if err := runIn(ctx, sampleBenchDir, nil, "go", "run", ".", "-root", root); err != nil {
		return fmt.Errorf("bench (%s): %w", sampleBenchDir, err)
	}
	return nil
}

// Dist runs goreleaser's snapshot of .goreleaser.yaml (the pinned goreleaser:
// from PATH when it is that version, else built by go tool): exes, zips,
// MSIs, checksums.txt and deployment.json in dist/, signed when a signing key
// is set (docs/signing.md). A failed run leaves dist/ as it was.
func Dist(ctx context.Context) error { return packaging.Dist(ctx) }

// Clean removes dist/.
func Clean() error {
	return os.RemoveAll("dist")
}

// schandleDir is the SC_HANDLE analyzer's module.
const schandleDir = "cmd/schandle"

// benchDir is the bench's module (its baselines stay out of go.mod).
const benchDir = "packaging/bench"

// sampleBenchDir is the sample's bench command and driver, a module beside
// the sample: what only the sample knows stays out of packaging/.
const sampleBenchDir = "cmd/hellosvc/bench"

// buildSchandle builds cmd/schandle for the host and returns its path.
func buildSchandle(ctx context.Context) (string, error) {
	dir, err := os.MkdirTemp("", "schandle-")
	if err != nil {
		return "", err
	}
	exe, err := filepath.Abs(filepath.Join(dir, "schandle"))
	if err != nil {
		return "", err
	}
	if err := runIn(ctx, schandleDir, nil, "go", "build", "-o", exe, "."); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("build %s: %w", schandleDir, err)
	}
	return exe, nil
}

// toolPath builds a tool pinned in tools/go.mod for the host and returns its path.
func toolPath(ctx context.Context, name string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "tool", "-n", "-modfile=tools/go.mod", name).Output()
	if err != nil {
		return "", fmt.Errorf("build %s from tools/go.mod: %w", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// quiet runs f with a writer to stdout and, whenever f has been silent for
// a while, prints "<what> (<time> so far)": go test prints a package only
// when it ends, the smoke suite its results only at the end.
func quiet(what string, f func(w io.Writer) error) error {
	return packaging.Heartbeat(os.Stdout, what, f)
}

// runTo runs a command in dir ("" is the current one) with extra
// environment, its output and errors to w.
func runTo(ctx context.Context, w io.Writer, dir string, env []string, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = w, w
	cmd.Env = append(os.Environ(), env...)
	return cmd.Run()
}

// run runs a command with extra environment, streaming its output.
func run(ctx context.Context, env []string, name string, args ...string) error {
	return runIn(ctx, "", env, name, args...)
}

// runIn is run in directory dir ("" is the current one).
func runIn(ctx context.Context, dir string, env []string, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), env...)
	return cmd.Run()
}

// goCmd runs the go command for goos/goarch ("" keeps the host's), streaming
// its output.
func goCmd(ctx context.Context, goos, goarch string, args ...string) error {
	var env []string
	if goos != "" {
		env = []string{"GOOS=" + goos, "GOARCH=" + goarch, "CGO_ENABLED=0"}
	}
	if err := run(ctx, env, "go", args...); err != nil {
		return fmt.Errorf("go %s (GOOS=%s GOARCH=%s): %w", strings.Join(args, " "), goos, goarch, err)
	}
	return nil
}
