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
