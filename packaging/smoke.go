package packaging

import (
	"context"
	"os"
	"path/filepath"

	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/smoke"
)

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
