// Package packaging is the only door to svcpack's pipeline. The stages (the
// product file's schema, the MSI build, lint, signing, transforms, the
// deployment manifest, ADMX, the release channels, the smoke suite, Wine)
// live in packaging/internal, where Go lets nothing outside packaging/ import
// them: they are not an API. Through this package the svcpack command, whose
// main is cmd/svcpack, runs its command line (Main), and this repository's
// magefile runs its tasks with the few functions beside it.
package packaging

import (
	"context"
	"io"

	"github.com/svcpack/svcpack/packaging/internal/cli"
)

// Main runs the svcpack command line args (without the program's name),
// writing to stdout and stderr, and returns its exit code: 0 success, 1 the
// step failed, 2 bad command line, 3 the product file is missing or invalid.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return cli.Main(ctx, args, stdout, stderr)
}
