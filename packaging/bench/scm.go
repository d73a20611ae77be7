package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/wine"
)

// The services one run installs side by side in its prefix, besides the
// product's own (named by svcpack.yaml).
const (
	bareName      = "svcbench-bare"
	bareHTTPName  = "svcbench-barehttp"
	minimalName   = "svcbench-minimal" // fixed in testdata/minimal
	kardianosName = "svcbench-kardianos"
)

// services is the prefix with the services installed and the stopwatch to
// time them.
type services struct {
	prefix     *wine.Prefix
	scmtimer   string // Unix path; runs from Z:
	prodName   string // the product's service (svcpack.yaml's name)
	prodExe    string // Windows path of the installed product exe
	prodAddr   string // where the product listens
	prodHealth string // its health path (svcpack.yaml's smoke.health)
	bareAddr   string // where the sample's HTTP server on bare x/sys listens
	probe      string // Windows path of startprobe.exe
	exes       exes   // the programs as built (Unix paths)
}

// installServices copies the programs into C:\svcbench, as an installer
// would put them on the machine's own disk, and registers them: the
// baselines with sc create, the product with its own CLI (config, event
// source, data directory) and the sample's install arguments (listening on
// addr, its slow endpoint on).
func installServices(ctx context.Context, p *wine.Prefix, e exes, prod *product.Product, sample Sample, addr, bareAddr string) (*services, error) {
	dir := filepath.Join(p.DriveC(), "svcbench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for _, exe := range []string{e.bare, e.bareHTTP, e.minimal, e.kardianos, e.product, e.probe} {
		if err := copyFile(exe, filepath.Join(dir, filepath.Base(exe))); err != nil {
			return nil, err
		}
	}
	win := func(name string) string { return `C:\svcbench\` + name }
	s := &services{prefix: p, scmtimer: e.scmtimer, prodName: prod.Name, prodExe: win(prod.ExeName()), prodAddr: addr,
		prodHealth: prod.Smoke.Health, bareAddr: bareAddr, probe: win("startprobe.exe"), exes: e}
	// The baselines' ImagePaths: the service name, and the HTTP server's address.
	imagePaths := map[string]string{
		bareName:      win("bare.exe") + " " + bareName,
		kardianosName: win("kardianos.exe") + " " + kardianosName,
		bareHTTPName:  win(filepath.Base(e.bareHTTP)) + " " + bareHTTPName + " " + bareAddr,
	}
	for name, args := range imagePaths {
		if out, err := p.Run(ctx, "sc", "create", name, "binPath=", args); err != nil {
			return nil, fmt.Errorf("sc create %s: %w\n%s", name, err, out)
		}
	}
	args := append([]string{"service", "install", "--start", "manual"}, sample.InstallArgs(addr)...)
	if out, err := p.Run(ctx, s.prodExe, args...); err != nil {
		return nil, fmt.Errorf("%s service install: %w\n%s", prod.ExeName(), err, out)
	}
	// The minimal program installs itself the way its users' programs do
	// (ImagePath with the explicit service argument, event source, data folder).
	if out, err := p.Run(ctx, win("minimal.exe"), "service", "install", "--start", "manual"); err != nil {
		return nil, fmt.Errorf("minimal.exe service install: %w\n%s", err, out)
	}
	return s, nil
}

// uninstallProduct removes the CLI-installed product service, so that the
// MSI can install its own under the same name.
func (s *services) uninstallProduct(ctx context.Context) error {
	if out, err := s.prefix.Run(ctx, s.prodExe, "service", "uninstall"); err != nil {
		return fmt.Errorf("%s service uninstall: %w\n%s", s.prodName, err, out)
	}
	return nil
}

// timer runs the stopwatch and decodes its JSON lines into a slice of T.
func timer[T any](ctx context.Context, s *services, args ...string) ([]T, error) {
	out, err := stdout(s.prefix.Command(ctx, s.scmtimer, args...))
	if err != nil {
		return nil, fmt.Errorf("scmtimer %s: %w", strings.Join(args, " "), err)
	}
	var rs []T
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var r T
		if err := dec.Decode(&r); err != nil {
			return nil, fmt.Errorf("scmtimer %s: output %q: %w", strings.Join(args, " "), out, err)
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// cycleResult mirrors the stopwatch's line for one start/idle/stop round.
type cycleResult struct {
	Round     int    `json:"round"`
	Name      string `json:"name"`
	ConnectUS int64  `json:"connect_us"`
	StartUS   int64  `json:"start_us"`
	ControlUS int64  `json:"control_us"`
	StopUS    int64  `json:"stop_us"`
	WS        uint64 `json:"working_set"`
	Private   uint64 `json:"private"`
}

type startResult struct {
	Name      string `json:"name"`
	ConnectUS int64  `json:"connect_us"`
	StartUS   int64  `json:"start_us"`
	PID       uint32 `json:"pid"`
	Err       string `json:"err"`
}

// runResult mirrors the stopwatch's line for a service started and timed
// until it stopped by itself.
type runResult struct {
	Name   string `json:"name"`
	StopUS int64  `json:"stop_us"`
	Exit   uint32 `json:"exit"`
	Code   uint32 `json:"code"` // service-specific, when Exit is 1066
}

type stopResult struct {
	Name          string `json:"name"`
	StopUS        int64  `json:"stop_us"`
	ControlUnixNS int64  `json:"control_unix_ns"`
	StoppedUnixNS int64  `json:"stopped_unix_ns"`
}

func (s *services) start(ctx context.Context, name, timeout string) (startResult, error) {
	rs, err := timer[startResult](ctx, s, "start", "-timeout", timeout, name)
	if err != nil {
		return startResult{}, err
	}
	if len(rs) != 1 {
		return startResult{}, fmt.Errorf("scmtimer start %s: %d results", name, len(rs))
	}
	return rs[0], nil
}

func (s *services) stop(ctx context.Context, name string) (stopResult, error) {
	rs, err := timer[stopResult](ctx, s, "stop", name)
	if err != nil {
		return stopResult{}, err
	}
	if len(rs) != 1 {
		return stopResult{}, fmt.Errorf("scmtimer stop %s: %d results", name, len(rs))
	}
	return rs[0], nil
}

// cycles runs rounds of start, idle, memory sample, stop over names,
// interleaved, and returns the results by name.
func (s *services) cycles(ctx context.Context, rounds int, idle string, names ...string) (map[string][]cycleResult, error) {
	args := append([]string{"cycle", "-n", fmt.Sprint(rounds), "-idle", idle}, names...)
	rs, err := timer[cycleResult](ctx, s, args...)
	if err != nil {
		return nil, err
	}
	by := map[string][]cycleResult{}
	for _, r := range rs {
		by[r.Name] = append(by[r.Name], r)
	}
	for _, n := range names {
		if len(by[n]) != rounds {
			return nil, fmt.Errorf("scmtimer cycle: %d rounds of %s, want %d", len(by[n]), n, rounds)
		}
	}
	return by, nil
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o755)
}

// stdout runs cmd and returns its standard output alone: Wine writes its
// own complaints to stderr ("wine client error: … sendmsg"), which must not
// mix with the JSON. Both go through files, not pipes, so that no process
// Wine starts can hold them open (see wine.Prefix.Command).
func stdout(cmd *exec.Cmd) (string, error) {
	outF, err := os.CreateTemp("", "svcpack-bench-out-")
	if err != nil {
		return "", err
	}
	defer os.Remove(outF.Name())
	defer outF.Close()
	errF, err := os.CreateTemp("", "svcpack-bench-err-")
	if err != nil {
		return "", err
	}
	defer os.Remove(errF.Name())
	defer errF.Close()
	cmd.Stdout, cmd.Stderr = outF, errF
	runErr := cmd.Run()
	out, err := os.ReadFile(outF.Name())
	if err != nil {
		return "", err
	}
	if runErr != nil {
		msg, _ := os.ReadFile(errF.Name())
		return "", fmt.Errorf("%w: %s", runErr, strings.TrimSpace(string(msg)))
	}
	return string(out), nil
}

// checkBareHTTP starts the sample's HTTP server on bare x/sys once and asks
// its health path: a baseline that reports Running without serving would
// make the start figure unfair.
func (s *services) checkBareHTTP(ctx context.Context) error {
	r, err := s.start(ctx, bareHTTPName, "10s")
	if err != nil {
		return err
	}
	if r.Err != "" {
		return fmt.Errorf("start %s: %s", bareHTTPName, r.Err)
	}
	healthErr := waitHealthy(ctx, s.bareAddr, s.prodHealth, 10*time.Second)
	if _, err := s.stop(ctx, bareHTTPName); err != nil {
		return err
	}
	if healthErr != nil {
		return fmt.Errorf("%s: %w", bareHTTPName, healthErr)
	}
	return nil
}
