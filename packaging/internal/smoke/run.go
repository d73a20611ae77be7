package smoke

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/svcpack/svcpack/internal/childenv"
	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/wine"
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

// RetryMarker starts the line the runner logs each time its harness retries
// something that failed only because of Wine (never on Windows); Run counts
// these lines and lists them in its summary.
const RetryMarker = "WINE-ONLY RETRY:"

// RunnerPackage is the Windows-side runner: this package's tests, compiled
// for windows/amd64 by `go test` in whatever module runs them (an adopter's,
// where svcpack is a dependency, or this one).
const RunnerPackage = "github.com/svcpack/svcpack/packaging/internal/smoke"

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
	prod, err := product.Load(file)
	if err != nil {
		return fmt.Errorf("smoke: %w", err)
	}
	fmt.Fprintln(opts.Out, requirements(prod, runtime.GOOS == "windows"))
	env = append(env, EnvProduct+"="+file)
	var msis []string
	for _, m := range opts.MSIs {
		a, err := abs(m)
		if err != nil {
			return err
		}
		msis = append(msis, a)
	}
	// Here msitools reads each package's UpgradeCode; on Windows the runner
	// does, before its first case (main_windows_test.go's readPackage).
	var upgradeCode func(string) (string, error)
	if runtime.GOOS != "windows" {
		if err := deps.Ensure(ctx, deps.MSI...); err != nil {
			return fmt.Errorf("smoke: %w", err)
		}
		upgradeCode = func(path string) (string, error) { return readUpgradeCode(ctx, path) }
	}
	if err := checkMSIs(prod, msis, upgradeCode); err != nil {
		return err
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
		err = runInFreshPrefixes(ctx, flags, p, func(flags []string) error {
			return wine.GoTest(ctx, wine.GoTestOptions{
				Dir:      opts.Dir,
				Packages: []string{RunnerPackage},
				Flags:    flags,
				Env:      env,
				Stdout:   p,
				Stderr:   p,
			})
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

// readUpgradeCode is the UpgradeCode property of the MSI at path (msitools).
func readUpgradeCode(ctx context.Context, path string) (string, error) {
	t, err := msidb.Export(ctx, path, "Property")
	if err != nil {
		return "", err
	}
	rows := t.Find("Property", "UpgradeCode")
	if len(rows) == 0 {
		return "", fmt.Errorf("no UpgradeCode property: not a product's package")
	}
	return rows[0]["Value"], nil
}

// maxPrefixes bounds the fresh prefixes one Wine run makes: the first, and
// one after each failed case up to this many.
const maxPrefixes = 8

// runInFreshPrefixes runs the cases (goTest: in a new prefix each call) and
// stops at the first failed one (-failfast): what a failed install, upgrade or
// clean-up left behind is unknown, and Wine's SCM keeps some of it until its
// server restarts, which the runner inside the prefix cannot do. The cases
// after it run in a new prefix, so one failure is reported once instead of
// failing every later case on its leftovers. The failed case is never run
// again.
func runInFreshPrefixes(ctx context.Context, flags []string, p *progress, goTest func(flags []string) error) error {
	for prefix := 1; ; prefix++ {
		round := append(append([]string{}, flags...), "-failfast")
		if done := p.ended(); len(done) > 0 {
			round = append(round, "-skip="+skipExpr(done))
		}
		err := goTest(round)
		failedCase := p.takeFailedCase()
		if err == nil || failedCase == "" || ctx.Err() != nil {
			return err
		}
		if prefix == maxPrefixes {
			return fmt.Errorf("%w; %d cases failed, the rest did not run", err, maxPrefixes)
		}
		p.line("smoke: %s failed: the cases after it run in a fresh prefix (Wine only; it keeps what the failed case left)", failedCase)
		p.mu.Lock()
		p.freshPrefixes++
		p.mu.Unlock()
	}
}

// skipExpr is a go test -skip expression matching exactly the top-level
// cases named.
func skipExpr(cases []string) string {
	quoted := make([]string, len(cases))
	for i, c := range cases {
		quoted[i] = regexp.QuoteMeta(c)
	}
	return "^(" + strings.Join(quoted, "|") + ")$"
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
	// The top-level cases that ended (any outcome), and the one that failed
	// or was running when the runner died, not yet taken by runUnderWine.
	finished      []string
	failedCase    string
	retries       []string // RetryMarker lines: what the harness retried under Wine
	freshPrefixes int      // prefixes made after a failed case
	done          chan struct{}
	once          sync.Once
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
		outcome, rest, _ := strings.Cut(strings.TrimPrefix(trimmed, "--- "), ": ")
		p.counts[outcome]++
		if outcome == "FAIL" {
			p.failed = true
		}
		if line == trimmed { // a top-level case
			name, _, _ := strings.Cut(rest, " ")
			p.finished = append(p.finished, name)
			if outcome == "FAIL" && p.failedCase == "" {
				p.failedCase = name
			}
			p.current = ""
		}
		if line == trimmed || outcome == "FAIL" { // a top-level case, or any failure
			p.show("smoke: %s", trimmed)
		}
	case strings.Contains(line, RetryMarker):
		p.retries = append(p.retries, trimmed)
		p.show("smoke:   %s", trimmed)
	case strings.Contains(line, "NOT VERIFIABLE HERE") || strings.Contains(line, "downtime:"):
		p.notes = append(p.notes, trimmed)
		p.show("smoke:   %s", trimmed)
	case strings.HasPrefix(line, "smoke: ") || strings.HasPrefix(line, "wine: "):
		p.show("%s", line)
	case strings.HasPrefix(line, "panic:"):
		p.failed = true
		if p.current != "" && p.failedCase == "" { // the runner died inside it
			p.failedCase = p.current
			p.finished = append(p.finished, p.current)
			p.current = ""
		}
	case strings.HasPrefix(line, "FAIL"):
		p.failed = true
	}
}

// ended is the top-level cases that have ended so far.
func (p *progress) ended() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string{}, p.finished...)
}

// takeFailedCase returns the case that failed since the last call, "" if none.
func (p *progress) takeFailedCase() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.failedCase
	p.failedCase = ""
	return c
}

func (p *progress) summary(took time.Duration) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := fmt.Sprintf("smoke: %d passed, %d failed, %d skipped (cases and checks) in %.0fs; SKIP with NOT VERIFIABLE HERE: asserted on Windows only",
		p.counts["PASS"], p.counts["FAIL"], p.counts["SKIP"], took.Seconds())
	s += fmt.Sprintf("; %d Wine-only retries by the harness", len(p.retries))
	for _, r := range p.retries {
		s += "\n  " + r
	}
	if p.freshPrefixes > 0 {
		s += fmt.Sprintf("\nsmoke: %d fresh prefixes after failed cases (Wine only)", p.freshPrefixes)
	}
	return s
}
