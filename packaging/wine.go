package packaging

import (
	"context"
	"io"

	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/wine"
)

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
