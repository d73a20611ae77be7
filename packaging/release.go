package packaging

import (
	"context"
	"io"

	"github.com/svcpack/svcpack/packaging/internal/dist"
	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/sign"
)

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
