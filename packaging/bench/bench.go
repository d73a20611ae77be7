// Package bench is `mage bench`: it measures svcpack against baselines built
// in the same run — the bare x/sys service (testdata/bare), the sample's own
// HTTP server on bare x/sys (Sample.BareHTTP) for the product's start, the
// same service on kardianos/service (testdata/kardianos, its own module), and zip -9 of
// the MSI's payload, wixl alone for the MSI stage, testdata/minimal (the
// bare program through service.Run) for the runtime's own cost, and a C
// console program writing to files itself for the wrapper's log capture —
// under Wine's SCM in one fresh prefix, and reports ratios of medians with
// min and max; and it times a new module from `svcpack init` to an installed
// MSI. The product is svcpack.yaml's; what the bench needs of the sample
// beyond it comes from the sample (Options.Sample). Nothing here is a test:
// timings belong in a benchmark, and `mage test` never runs this.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/wine"
)

// Options say how much to measure. Zero values take the defaults.
type Options struct {
	Root     string    // the repository; default "."
	Runs     int       // runs of a cheap figure (start, stop, memory); default 15
	SlowRuns int       // runs of a costly one (upgrade); default 5
	Log      io.Writer // progress lines; default os.Stderr
	// Only names the groups of figures to measure (Groups); none: all.
	Only []string
	// Sample drives the product's own service (its install arguments, its
	// slow endpoint); required.
	Sample Sample
	// TraceUpgrade adds one upgrade run under Wine's msi trace after the
	// downtime figure's, and a note taking its window apart.
	TraceUpgrade bool
	// WrapChild is the C source (relative to Root) of the console program
	// the wrapper figures run: steps as arguments (break-exit, hang, flood),
	// built with mingw; required.
	WrapChild string
}

// Groups are the figures' groups, in the order a run measures them.
var Groups = []string{"stage", "scm", "wrap", "msi", "adopt"}

// wants reports whether the run measures group.
func (o Options) wants(group string) bool {
	return len(o.Only) == 0 || slices.Contains(o.Only, group)
}

// Tools beyond the pipeline's: Info-ZIP, the reference for the MSI's size,
// and msiextract, which takes the payload out of the MSI to zip it.
var sizeTools = []deps.Tool{{Command: "zip", Package: "zip"}, {Command: "msiextract", Package: "msitools"}}

// Run measures every figure and returns the report. A figure that fails is
// a row saying so, and Run's error says why; the other rows still count.
func Run(ctx context.Context, opts Options) (Report, error) {
	began := time.Now()
	if opts.Root == "" {
		opts.Root = "."
	}
	if opts.Runs == 0 {
		opts.Runs = 15
	}
	if opts.SlowRuns == 0 {
		opts.SlowRuns = 5
	}
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	for _, g := range opts.Only {
		if !slices.Contains(Groups, g) {
			return Report{}, fmt.Errorf("bench: no group of figures %q: want some of %v", g, Groups)
		}
	}
	if opts.WrapChild == "" {
		return Report{}, errors.New("bench: Options.WrapChild is empty: name the C console program the wrapper figures run")
	}
	if err := opts.Sample.check(); err != nil {
		return Report{}, err
	}
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return Report{}, err
	}
	opts.Root = root
	r := Report{Date: began}
	tools := append(append(append([]deps.Tool{}, deps.Wine...), deps.MSI...), sizeTools...)
	if err := deps.Ensure(ctx, tools...); err != nil {
		return r, fmt.Errorf("bench: %w", err)
	}
	r.Machine = detectMachine(ctx)

	tmp, err := os.MkdirTemp("", "svcpack-bench-")
	if err != nil {
		return r, err
	}
	defer os.RemoveAll(tmp)
	b := &run{opts: opts, tmp: tmp, report: &r}
	load := loadAverage()
	err = b.all(ctx)
	r.Elapsed = time.Since(began)
	// Other work on the machine shows in the spread (min–max), and here.
	b.note("Load average (1 min) at the start and the end of the run: %s and %s.", load, loadAverage())
	return r, err
}

// run is one benchmark run's state.
type run struct {
	opts   Options
	tmp    string
	report *Report
	errs   []error
}

func (b *run) logf(format string, args ...any) {
	fmt.Fprintf(b.opts.Log, "bench: "+format+"\n", args...)
}

// fail records a figure that could not be measured.
func (b *run) fail(figure, target string, err error) {
	b.report.Rows = append(b.report.Rows, missingRow(figure, target, err.Error()))
	b.errs = append(b.errs, fmt.Errorf("%s: %w", figure, err))
}

func (b *run) all(ctx context.Context) error {
	if err := b.wineFigures(ctx); err != nil {
		return err
	}
	return errors.Join(b.errs...)
}

// wineFigures measures everything that runs in the Wine prefix: the
// services under the SCM, then the MSI.
func (b *run) wineFigures(ctx context.Context) error {
	prod, err := product.Load(filepath.Join(b.opts.Root, product.FileName))
	if err != nil {
		return err
	}
	b.logf("building %s, the wrapper, the baselines and the stopwatch for windows/amd64, svcpack for this machine", prod.ExeName())
	e, err := buildExes(ctx, b.opts.Root, filepath.Join(b.tmp, "bin"), prod, b.opts.Sample, b.opts.WrapChild)
	if err != nil {
		return err
	}
	svcpack := filepath.Join(b.tmp, "bin", "svcpack")
	if err := hostBuild(ctx, b.opts.Root, svcpack, "./cmd/svcpack"); err != nil {
		return err
	}
	if b.opts.wants("stage") {
		b.stageFigures(ctx, svcpack)
	}
	if !b.opts.wants("scm") && !b.opts.wants("wrap") && !b.opts.wants("msi") && !b.opts.wants("adopt") {
		return nil
	}
	b.logf("making the Wine prefix")
	prefix, err := wine.NewPrefix(ctx, filepath.Join(b.tmp, "prefix"), wine.HostNetwork)
	if err != nil {
		return err
	}
	defer prefix.Close()
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	bareAddr, err := freeAddr()
	if err != nil {
		return err
	}
	s, err := installServices(ctx, prefix, e, prod, b.opts.Sample, addr, bareAddr)
	if err != nil {
		return err
	}
	if b.opts.wants("scm") {
		b.scmFigures(ctx, s)
	}
	if b.opts.wants("wrap") {
		b.wrapFigures(ctx, s)
	}
	if err := s.uninstallProduct(ctx); err != nil {
		return err
	}
	if b.opts.wants("msi") {
		b.msiFigures(ctx, prefix)
	}
	if b.opts.wants("adopt") {
		b.adoptFigures(ctx, prefix)
	}
	return nil
}

// freeAddr is a loopback address nobody listens on; Wine's loopback is the
// host's.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
