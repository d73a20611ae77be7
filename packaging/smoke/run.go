package smoke

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/svcpack/svcpack/internal/childenv"
	"github.com/svcpack/svcpack/packaging/msidb"
	"github.com/svcpack/svcpack/packaging/wine"
)

// The Windows-side runner's environment, set by Run.
const (
	EnvProduct  = "SVCPACK_SMOKE_PRODUCT"  // the product file (required)
	EnvMSIs     = "SVCPACK_SMOKE_MSIS"     // the packages, ListSeparator between them (required)
	EnvArgvDump = "SVCPACK_SMOKE_ARGVDUMP" // the argv recorder package (optional: the repository builds it)
	EnvLogs     = "SVCPACK_SMOKE_LOGS"     // a directory to keep every msiexec log in (optional)
)

// ListSeparator separates the paths in EnvMSIs: ';', which Windows paths
// cannot hold.
const ListSeparator = ";"

// RunnerPackage is the Windows-side runner: this package's tests, compiled
// for windows/amd64 by `go test` in whatever module runs them (an adopter's,
// where svcpack is a dependency, or this one).
const RunnerPackage = "github.com/svcpack/svcpack/packaging/smoke"

// heartbeat is how long Run stays silent at most: a case that runs long
// (twenty upgrades) gets a line saying it is still running.
const heartbeat = 10 * time.Second

// Options say what Run runs.
type Options struct {
	Dir      string    // the module go runs in; default "."
	Product  string    // the product file
	MSIs     []string  // the product's packages: dist/*.msi, or the repository's BuildMSIs
	ArgvDump string    // the argv recorder package (repository only), "" for none
	Run      string    // only the cases matching this go test -run expression
	Logs     string    // EnvLogs, "" for none
	Out      io.Writer // progress and the summary; default os.Stdout
}

// Run runs the smoke suite on the packages: on Windows natively (from an
// elevated shell), elsewhere under Wine in a fresh prefix of its own (the
// cases need a machine without the product). It prints a line when each case
// starts and ends, a line at least every ten seconds, and a summary; on a
// failure the runner's whole output.
func Run(ctx context.Context, opts Options) error {
	if opts.Dir == "" {
		opts.Dir = "."
	}
	if opts.Out == nil {
		opts.Out = os.Stdout
	}
	if len(opts.MSIs) == 0 {
		return fmt.Errorf("smoke: no MSI given")
	}
	env := []string{}
	abs := func(p string) (string, error) {
		a, err := filepath.Abs(p)
		if err == nil && strings.Contains(a, ListSeparator) {
			err = fmt.Errorf("smoke: %s: a path with %q cannot be passed to the runner", a, ListSeparator)
		}
		return a, err
	}
	file, err := abs(opts.Product)
	if err != nil {
		return err
	}
	env = append(env, EnvProduct+"="+file)
	var msis []string
	for _, m := range opts.MSIs {
		a, err := abs(m)
		if err != nil {
			return err
		}
		// A file that is not an MSI fails here, at once, not after the
		// runner is built and Wine started.
		if err := msidb.CheckPackage(a); err != nil {
			return fmt.Errorf("smoke: %w", err)
		}
		msis = append(msis, a)
	}
	env = append(env, EnvMSIs+"="+strings.Join(msis, ListSeparator))
	if opts.ArgvDump != "" {
		a, err := abs(opts.ArgvDump)
		if err != nil {
			return err
		}
		env = append(env, EnvArgvDump+"="+a)
	}
	if opts.Logs != "" {
		a, err := abs(opts.Logs)
		if err != nil {
			return err
		}
		env = append(env, EnvLogs+"="+a)
	}
	flags := []string{"-count=1", "-v", "-timeout=60m"}
	if opts.Run != "" {
		flags = append(flags, "-run="+opts.Run)
	}

	start := time.Now()
	p := newProgress(opts.Out, start)
	defer p.stop()
	where := "under Wine in a fresh prefix"
	if runtime.GOOS == "windows" {
		where = "natively"
	}
	p.line("smoke: building the Windows-side runner (%s, windows/amd64) and running it %s", RunnerPackage, where)
	if runtime.GOOS == "windows" {
		cmd := childenv.Command(ctx, "go", append(append([]string{"test"}, flags...), RunnerPackage)...)
		cmd.Dir = opts.Dir
		cmd.Env = childenv.Environ(append([]string{"GOOS=windows", "GOARCH=amd64"}, env...)...)
		cmd.Stdout, cmd.Stderr = p, p
		err = cmd.Run()
	} else {
		err = wine.GoTest(ctx, wine.GoTestOptions{
			Dir:      opts.Dir,
			Packages: []string{RunnerPackage},
			Flags:    flags,
			Env:      env,
			Stdout:   p,
			Stderr:   p,
		})
	}
	p.stop()
	summary := p.summary(time.Since(start))
	if err != nil || p.failed {
		opts.Out.Write(p.all.Bytes())
		fmt.Fprintln(opts.Out, summary)
		if err == nil {
			err = fmt.Errorf("a case failed")
		}
		return fmt.Errorf("smoke %s: %w", where, err)
	}
	fmt.Fprintln(opts.Out, summary)
	return nil
}

// progress reads the runner's go test -v output: it keeps all of it, and
// shows which case runs, each case's outcome, what could not be checked here
// and the measured downtimes.
type progress struct {
	mu      sync.Mutex
	out     io.Writer
	start   time.Time
	all     bytes.Buffer
	partial []byte
	last    time.Time // when a line was last shown
	current string    // the top-level case running
	counts  map[string]int
	notes   []string // NOT VERIFIABLE HERE and downtime lines, for the summary
	failed  bool
	done    chan struct{}
	once    sync.Once
}

func newProgress(out io.Writer, start time.Time) *progress {
	p := &progress{out: out, start: start, last: start, counts: map[string]int{}, done: make(chan struct{})}
	go p.beat()
	return p
}

func (p *progress) beat() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-p.done:
			return
		case now := <-t.C:
			p.mu.Lock()
			if now.Sub(p.last) >= heartbeat {
				what := p.current + " still running"
				if p.current == "" {
					what = "still building and starting the runner"
				}
				p.show("smoke: %s (%.0fs in)", what, now.Sub(p.start).Seconds())
			}
			p.mu.Unlock()
		}
	}
}

func (p *progress) stop() { p.once.Do(func() { close(p.done) }) }

// line shows a line of Run's own.
func (p *progress) line(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.show(format, args...)
}

func (p *progress) show(format string, args ...any) {
	fmt.Fprintf(p.out, format+"\n", args...)
	p.last = time.Now()
}

func (p *progress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.all.Write(b)
	p.partial = append(p.partial, b...)
	for {
		i := bytes.IndexByte(p.partial, '\n')
		if i < 0 {
			return len(b), nil
		}
		p.read(strings.TrimRight(string(p.partial[:i]), "\r"))
		p.partial = p.partial[i+1:]
	}
}

func (p *progress) read(line string) {
	trimmed := strings.TrimSpace(line)
	switch {
	case strings.HasPrefix(line, "=== RUN   ") && !strings.Contains(line, "/"):
		p.current = strings.TrimPrefix(line, "=== RUN   ")
		p.show("smoke: %s ...", p.current)
	case strings.HasPrefix(trimmed, "--- "):
		outcome, _, _ := strings.Cut(strings.TrimPrefix(trimmed, "--- "), ":")
		p.counts[outcome]++
		if outcome == "FAIL" {
			p.failed = true
		}
		if line == trimmed || outcome == "FAIL" { // a top-level case, or any failure
			p.show("smoke: %s", trimmed)
		}
	case strings.Contains(line, "NOT VERIFIABLE HERE") || strings.Contains(line, "downtime:"):
		p.notes = append(p.notes, trimmed)
		p.show("smoke:   %s", trimmed)
	case strings.HasPrefix(line, "smoke: ") || strings.HasPrefix(line, "wine: "):
		p.show("%s", line)
	case strings.HasPrefix(line, "FAIL") || strings.HasPrefix(line, "panic:"):
		p.failed = true
	}
}

func (p *progress) summary(took time.Duration) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return fmt.Sprintf("smoke: %d passed, %d failed, %d skipped (cases and checks) in %.0fs; SKIP with NOT VERIFIABLE HERE: asserted on Windows only",
		p.counts["PASS"], p.counts["FAIL"], p.counts["SKIP"], took.Seconds())
}
