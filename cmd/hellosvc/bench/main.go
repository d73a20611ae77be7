// Command bench is `go tool mage bench`: it measures the product
// (svcpack.yaml, driven by the sample's driver, benchdrive), the wrapper and
// the MSI against baselines built in the same run, under Wine, prints the
// table and writes docs/benchmarks.md. SVCPACK_BENCH_ONLY=stage,wrap measures
// only those groups of figures (bench.Groups) and prints them without
// writing the docs; SVCPACK_BENCH_TRACE_UPGRADE=1 adds a traced upgrade whose
// window the notes take apart. It runs from its module's folder: -root is the
// repository.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/svcpack/svcpack/cmd/hellosvc/bench/benchdrive"
	"github.com/svcpack/svcpack/packaging/bench"
)

// wrapChild is the wrapper figures' program: the sample wrapped product's C
// console program, relative to the repository.
const wrapChild = "examples/wrapdemo/console/console.c"

func main() {
	root := flag.String("root", "../../..", "the repository `dir`")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, *root)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(ctx context.Context, root string) error {
	var only []string
	if v := os.Getenv("SVCPACK_BENCH_ONLY"); v != "" {
		only = strings.Split(v, ",")
	}
	r, err := bench.Run(ctx, bench.Options{Root: root, Only: only, Sample: benchdrive.Sample(), WrapChild: wrapChild,
		TraceUpgrade: os.Getenv("SVCPACK_BENCH_TRACE_UPGRADE") == "1"})
	fmt.Print(r.Section()) // the table and the run's notes, also when a figure failed
	if len(only) > 0 {
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("bench (docs not written): %w", err)
	}
	return bench.WriteDoc(filepath.Join(root, bench.DocPath), r)
}
