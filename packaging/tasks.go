package packaging

// What this repository's magefile runs through the door: each function wires
// stages in packaging/internal for one of its targets.

import (
	"context"
	"io"
	"os"
	"path/filepath"

	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/dist"
	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/progress"
	"github.com/svcpack/svcpack/packaging/internal/sign"
	"github.com/svcpack/svcpack/packaging/internal/smoke"
	"github.com/svcpack/svcpack/packaging/internal/wine"
)

// ProductFile is a product file's name: svcpack.yaml.
const ProductFile = product.FileName

// Product is what a repository's tasks read from a product file.
type Product struct {
	Name        string // the product's name
	Exe         string // the service's exe file name
	MainPackage string // its main package
}

// LoadProduct reads and checks the product file.
func LoadProduct(file string) (Product, error) {
	p, err := product.Load(file)
	if err != nil {
		return Product{}, err
	}
	return Product{Name: p.Name, Exe: p.ExeName(), MainPackage: p.Main}, nil
}

// EnsureDeps installs the Debian packages the pipeline runs (apt-get as
// root; otherwise the error names the one command to run).
func EnsureDeps(ctx context.Context) error {
	return deps.Ensure(ctx, deps.All()...)
}

// WineTest is a go test run of Windows test binaries under Wine.
type WineTest struct {
	Packages []string  // package patterns
	Flags    []string  // go test flags
	Env      []string  // extra KEY=VALUE pairs, for go test and the test binaries
	Out      io.Writer // go test's output and errors
}

// TestUnderWine cross-compiles the packages' tests for windows/amd64 and
// runs them under Wine in a throw-away prefix.
func TestUnderWine(ctx context.Context, t WineTest) error {
	return wine.GoTest(ctx, wine.GoTestOptions{Packages: t.Packages, Flags: t.Flags, Env: t.Env, Stdout: t.Out, Stderr: t.Out})
}

// Smoke is one product's smoke run in this repository: its packages are
// built from the repository's sources, as a release builds them.
type Smoke struct {
	Product string // the product file
	// BuildProgram makes a file of a wrapped product's program (the amd64
	// path the product file's wrap section names) before it is packaged;
	// nil for a product whose files are already there.
	BuildProgram func(ctx context.Context, path string) error
	Run          string // only the cases matching this go test -run expression
}

// SmokeMSIs writes the product's smoke packages (two versions and the argv
// recorder package): to dist/smoke, or dist/smoke-<name> for a wrapped
// product.
func SmokeMSIs(ctx context.Context, s Smoke) error {
	_, err := smokeMSIs(ctx, s)
	return err
}

// RunSmoke builds the smoke packages (SmokeMSIs) and runs the smoke suite on
// them, as `svcpack smoke` does, with the argv recorder package too.
func RunSmoke(ctx context.Context, s Smoke) error {
	built, err := smokeMSIs(ctx, s)
	if err != nil {
		return err
	}
	return smoke.Run(ctx, smoke.Options{Product: s.Product, MSIs: built.Packages, ArgvDump: built.ArgvDump, Run: s.Run})
}

func smokeMSIs(ctx context.Context, s Smoke) (smoke.Built, error) {
	p, err := product.Load(s.Product)
	if err != nil {
		return smoke.Built{}, err
	}
	opts := smoke.BuildOptions{Root: filepath.Dir(s.Product), Product: p, OutDir: filepath.Join("dist", "smoke")}
	if p.Wrap != nil {
		opts.OutDir = filepath.Join("dist", "smoke-"+p.Name)
	}
	if s.BuildProgram != nil {
		for _, f := range p.WrapFiles(string(msi.AMD64)) {
			if err := os.MkdirAll(filepath.Dir(f.Source), 0o755); err != nil {
				return smoke.Built{}, err
			}
			if err := s.BuildProgram(ctx, f.Source); err != nil {
				return smoke.Built{}, err
			}
		}
	}
	return smoke.BuildMSIs(ctx, opts)
}

// MSIs writes dist/<name>_<version>_<arch>.msi for each architecture the
// product file (svcpack.yaml) lists, signed when a signing key is set in the
// environment (docs/signing.md); mustSign makes a missing key an error.
// Unchanged inputs are not rebuilt.
func MSIs(ctx context.Context, mustSign bool) error {
	signer := sign.FromEnv
	if mustSign {
		signer = sign.Required
	}
	s, err := signer()
	if err != nil {
		return err
	}
	p, err := product.Load(product.FileName)
	if err != nil {
		return err
	}
	_, err = msi.Dist(ctx, msi.DistOptions{Product: p, Signer: s})
	return err
}

// Dist runs goreleaser's snapshot of .goreleaser.yaml into dist/, signed
// when a signing key is set. A failed run leaves dist/ as it was.
func Dist(ctx context.Context) error {
	signer, err := sign.FromEnv()
	if err != nil {
		return err
	}
	return dist.Run(ctx, dist.Options{Signer: signer})
}

// GoreleaserEnv finds or builds the goreleaser that root's tools/go.mod pins
// (saying so on log) and returns the KEY=VALUE pair that hands it to the
// tests that run it.
func GoreleaserEnv(ctx context.Context, root string, log io.Writer) (string, error) {
	path, err := dist.Goreleaser(ctx, root, log)
	if err != nil {
		return "", err
	}
	return dist.EnvGoreleaser + "=" + path, nil
}

// ReleaseTools are the linters' binaries LintRelease runs.
type ReleaseTools struct {
	Goreleaser, Actionlint, Govulncheck string
}

// LintRelease checks what a release of root depends on beyond the Go
// linters: goreleaser check, actionlint, govulncheck.
func LintRelease(ctx context.Context, root string, t ReleaseTools, log io.Writer) error {
	return dist.Lint(ctx, root, dist.Tools{Goreleaser: t.Goreleaser, Actionlint: t.Actionlint, Govulncheck: t.Govulncheck}, log)
}

// Heartbeat runs f with a writer to log and, whenever f has written nothing
// for a while, writes "<what> (<time> so far)" to log: a long step that
// prints only when it ends still shows it is alive.
func Heartbeat(log io.Writer, what string, f func(w io.Writer) error) error {
	return progress.Heartbeat(log, progress.QuietLimit, what, f)
}
