package smoke

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/svcpack/svcpack/packaging/wine"
)

// WineOptions say what RunWine runs.
type WineOptions struct {
	Root   string    // the repository; default "."
	Dir    string    // the packages BuildMSIs wrote; default Root/dist/smoke
	Flags  []string  // extra go test flags, e.g. -run=TestUpgrade
	Stdout io.Writer // the summary, or everything on failure; default os.Stdout
}

// summaryLine is what RunWine shows of a passing run: each test's outcome,
// the checks Wine cannot make, and the measured downtimes.
var summaryLine = regexp.MustCompile(`--- (PASS|FAIL|SKIP)|NOT VERIFIABLE HERE|upgrade downtime:`)

// RunWine runs the suite as a windows/amd64 test binary under Wine, in a
// fresh prefix of its own (the cases need a machine without hellosvc). A
// passing run prints a summary; a failing one prints the whole verbose
// output.
func RunWine(ctx context.Context, opts WineOptions) error {
	if opts.Root == "" {
		opts.Root = "."
	}
	if opts.Dir == "" {
		opts.Dir = filepath.Join(opts.Root, "dist", "smoke")
	}
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return err
	}
	start := time.Now()
	var out bytes.Buffer
	err = wine.GoTest(ctx, wine.GoTestOptions{
		Dir:      opts.Root,
		Packages: []string{"./packaging/smoke"},
		Flags:    append([]string{"-count=1", "-v"}, opts.Flags...),
		Env:      []string{EnvDir + "=" + dir},
		Stdout:   &out,
		Stderr:   &out,
	})
	if err != nil {
		opts.Stdout.Write(out.Bytes())
		return fmt.Errorf("smoke under Wine: %w", err)
	}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		if summaryLine.MatchString(sc.Text()) {
			fmt.Fprintln(opts.Stdout, sc.Text())
		}
	}
	fmt.Fprintf(opts.Stdout, "smoke: passed under Wine in %.0fs (SKIP = not verifiable under Wine, asserted on Windows)\n", time.Since(start).Seconds())
	return nil
}
