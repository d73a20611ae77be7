// Package wine runs svcpack's Windows binaries on Linux under Wine 8.0: a
// throw-away prefix with a persistent wineserver (so the SCM and services
// live as long as the test run), Windows 10 identity, and the ProcessPrng
// shim that Go >= 1.22 binaries need. See docs/platform.md for why each step.
package wine

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/svcpack/svcpack/internal/childenv"
)

// ServicesPipeTimeoutMs is how long the prefix's SCM waits for a starting
// service to connect: Windows' default. Wine 8.0's own is 10 s, which a Go
// service under Wine on a loaded 2-core host outlasts now and then: msiexec's
// StartServices then fails (1627) where Windows would have waited.
const ServicesPipeTimeoutMs = 30000

// scmControlKey holds the SCM's timeouts.
const scmControlKey = `HKLM\System\CurrentControlSet\Control`

// Prefix is a WINEPREFIX with a persistent wineserver. Close it to stop the
// server and every Windows process and service in it.
type Prefix struct {
	dir     string
	loader  string
	env     []string
	netns   *netns // nil: the host's network
	network string // whose network, and why when not the one asked for
}

// NewPrefix makes a Wine prefix in dir (created if missing; it should be
// empty and is the caller's to remove) on the network asked for, and starts
// its persistent wineserver. On error nothing is left running.
func NewPrefix(ctx context.Context, dir string, network Network) (*Prefix, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("make Wine prefix %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("make Wine prefix %s: %w", abs, err)
	}
	loader, err := Loader()
	if err != nil {
		return nil, err
	}
	p := &Prefix{dir: abs, loader: loader, network: "the host's network"}
	if network == OwnNetwork {
		if p.netns, err = newNetns(ctx); err != nil {
			p.network = fmt.Sprintf("the host's network (no namespace of its own: %v; runs beside each other may take each other's ports)", err)
		} else {
			p.network = "network namespace " + p.netns.name + " (loopback only)"
		}
	}
	p.env = prefixEnv(childenv.Environ(), abs, p.netnsPath())
	if err := p.create(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("make Wine prefix %s: %w", abs, err)
	}
	return p, nil
}

func (p *Prefix) create(ctx context.Context) error {
	// The shim needs no prefix: compile it while wineboot runs (saves ~2 s).
	work, err := os.MkdirTemp("", "svcpack-shim-")
	if err != nil {
		return fmt.Errorf("build ProcessPrng shim: %w", err)
	}
	defer os.RemoveAll(work)
	type shimResult struct {
		built map[string]string
		err   error
	}
	shims := make(chan shimResult, 1)
	go func() {
		built, err := buildShims(ctx, work)
		shims <- shimResult{built, err}
	}()

	// Mono and Gecko are not needed by Go programs or msiexec; disabling them
	// skips wineboot's attempt to find and install them.
	initEnv := append(p.Env(), "WINEDLLOVERRIDES=mscoree,mshtml=")
	_, bootErr := run(p.command(ctx, initEnv, p.loader, "wineboot", "-i"))
	shim := <-shims // wait even on error: the goroutine writes into work
	if bootErr != nil {
		return bootErr
	}
	if shim.err != nil {
		return shim.err
	}
	// Wine's SCM gives a starting service 10 s to connect (Windows: 30 s,
	// ServicesPipeTimeout's default) and reads the value, as a string, when
	// services.exe starts: set Windows' default before the restart below.
	if _, err := run(p.command(ctx, p.Env(), p.loader, "reg", "add", scmControlKey, "/v", "ServicesPipeTimeout",
		"/t", "REG_SZ", "/d", strconv.Itoa(ServicesPipeTimeoutMs), "/f")); err != nil {
		return fmt.Errorf("set ServicesPipeTimeout: %w", err)
	}
	if err := p.RestartServer(ctx); err != nil {
		return err
	}
	// A new prefix says Windows 7; our MSIs require Windows 10.
	if _, err := p.Run(ctx, "winecfg", "-v", "win10"); err != nil {
		return err
	}
	return p.installShims(shim.built)
}

// prefixEnv is base with the Wine variables replaced by this prefix's.
// WINEDEBUG=-all keeps Wine's fixme noise out of test output; an empty
// DISPLAY (and no WAYLAND_DISPLAY) keeps Wine headless even on a desktop.
// EnvNetns carries the prefix's network namespace to wineexec.
func prefixEnv(base []string, dir, netns string) []string {
	drop := map[string]bool{"WINEPREFIX": true, "WINEARCH": true, "WINEDEBUG": true, "DISPLAY": true,
		"WAYLAND_DISPLAY": true, "WINEDLLOVERRIDES": true, "WINESERVER": true, "WINELOADER": true, EnvNetns: true}
	env := make([]string, 0, len(base)+4)
	for _, kv := range base {
		if k, _, _ := strings.Cut(kv, "="); !drop[k] {
			env = append(env, kv)
		}
	}
	return append(env, "WINEPREFIX="+dir, "WINEARCH=win64", "WINEDEBUG=-all", "DISPLAY=", EnvNetns+"="+netns)
}

// Network says whose network the prefix's processes use, and why when it is
// not the one NewPrefix was asked for.
func (p *Prefix) Network() string { return p.network }

// netnsPath is the prefix's network namespace, "" for the host's network.
func (p *Prefix) netnsPath() string {
	if p.netns == nil {
		return ""
	}
	return p.netns.path()
}

// command runs name with args in env, inside the prefix's network namespace
// when it has one: every process of the prefix starts from one of these (or
// from wineexec, which enters the same namespace), and Windows processes
// inherit the namespace of the Wine process that starts them.
func (p *Prefix) command(ctx context.Context, env []string, name string, args ...string) *exec.Cmd {
	argv := nsenterArgs(p.netnsPath(), append([]string{name}, args...))
	cmd := childenv.Command(ctx, argv[0], argv[1:]...)
	cmd.Env = env
	return cmd
}

// Dir is the prefix directory (the WINEPREFIX).
func (p *Prefix) Dir() string { return p.dir }

// DriveC is the Unix directory behind C:\.
func (p *Prefix) DriveC() string { return filepath.Join(p.dir, "drive_c") }

// ProgramData is the Unix directory behind C:\ProgramData (%ProgramData%).
func (p *Prefix) ProgramData() string { return filepath.Join(p.DriveC(), "ProgramData") }

// Env returns the environment for commands in this prefix: the process's own
// environment with WINEPREFIX, WINEDEBUG and DISPLAY set. Wine passes the
// variables on to Windows processes verbatim (Unix paths stay Unix paths),
// except PATH, TEMP, TMP and HOME: Windows processes get the prefix's own
// PATH and C:\users\<user>\Temp, and no HOME.
func (p *Prefix) Env() []string { return append([]string{}, p.env...) }

// Command returns a command that runs exe (a Unix path to a .exe, or a
// program in the prefix such as msiexec, sc or reg) with the 64-bit loader.
// Capture its output through files, not pipes, when it may start Windows
// processes that outlive it (services): those inherit the pipe.
func (p *Prefix) Command(ctx context.Context, exe string, args ...string) *exec.Cmd {
	return p.command(ctx, p.Env(), p.loader, append([]string{exe}, args...)...)
}

// Run runs exe in the prefix and returns its combined stdout and stderr; the
// error names the command, its exit status and output.
// Output goes through a file, so services the command starts cannot hold it.
func (p *Prefix) Run(ctx context.Context, exe string, args ...string) (string, error) {
	return run(p.Command(ctx, exe, args...))
}

// RunWith is Run with more environment variables (NAME=value), which win
// over the prefix's own (WINEDEBUG, say).
func (p *Prefix) RunWith(ctx context.Context, env []string, exe string, args ...string) (string, error) {
	cmd := p.Command(ctx, exe, args...)
	cmd.Env = append(cmd.Env, env...)
	return run(cmd)
}

// Close stops the wineserver, ending every Windows process and service in
// the prefix, waits for it to exit and removes its socket directory. It does
// not remove the prefix directory. It runs even when the caller's context is
// done: teardown must happen.
func (p *Prefix) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := p.stopServer(ctx); err != nil {
		return err
	}
	if err := p.removeServerDir(); err != nil {
		return err
	}
	if p.netns != nil {
		return p.netns.remove(ctx)
	}
	return nil
}
