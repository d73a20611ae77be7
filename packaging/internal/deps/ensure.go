package deps

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/svcpack/svcpack/internal/childenv"
)

// host is what Ensure needs from the machine, injected so tests run without
// touching apt.
type host struct {
	lookPath func(string) (string, error) // finds a Command
	stat     func(string) error           // finds a File
	isRoot   bool
	aptGet   func(ctx context.Context, args ...string) error
	log      io.Writer // where Ensure says what it installs and why
}

// has reports whether t's command or file is on the host.
func (h host) has(t Tool) bool {
	if t.File != "" {
		return h.stat(t.File) == nil
	}
	_, err := h.lookPath(t.Command)
	return err == nil
}

func statFile(path string) error {
	fi, err := os.Stat(path)
	if err == nil && !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", path)
	}
	return err
}

// Ensure makes every tool available. Missing ones are installed with apt-get
// when running as root; otherwise the error carries the sudo line to run.
func Ensure(ctx context.Context, tools ...Tool) error {
	return ensure(ctx, tools, host{
		lookPath: exec.LookPath,
		stat:     statFile,
		isRoot:   os.Geteuid() == 0,
		aptGet:   aptGet,
		log:      os.Stderr,
	})
}

func ensure(ctx context.Context, tools []Tool, h host) error {
	pkgs := missingPackages(tools, h)
	if len(pkgs) == 0 {
		return nil
	}
	if !h.isRoot {
		return fmt.Errorf("missing Debian packages %s: install them with: %s",
			strings.Join(pkgs, ", "), sudoLine(pkgs))
	}
	if h.log != nil {
		fmt.Fprintf(h.log, "deps: installing Debian packages %s with apt-get, for %s (apt-get's output follows)\n",
			strings.Join(pkgs, ", "), strings.Join(missingTools(tools, h), ", "))
	}
	if err := h.aptGet(ctx, installArgs(pkgs)...); err != nil {
		// A fresh image (CI, containers) ships without package lists: fetch
		// them once and retry, rather than updating on every run.
		if uerr := h.aptGet(ctx, "update"); uerr != nil {
			return fmt.Errorf("install Debian packages %s: %w (apt-get update also failed: %v)",
				strings.Join(pkgs, ", "), err, uerr)
		}
		if err := h.aptGet(ctx, installArgs(pkgs)...); err != nil {
			return fmt.Errorf("install Debian packages %s: %w", strings.Join(pkgs, ", "), err)
		}
	}
	if still := missingPackages(tools, h); len(still) > 0 {
		return fmt.Errorf("after installing Debian packages %s their commands or files are still missing: check PATH",
			strings.Join(still, ", "))
	}
	return nil
}

// aptGet runs apt-get non-interactively, streaming its output so a slow
// install is visibly progressing.
func aptGet(ctx context.Context, args ...string) error {
	cmd := childenv.Command(ctx, "apt-get", args...)
	cmd.Env = childenv.Environ("DEBIAN_FRONTEND=noninteractive")
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("apt-get %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

// Check finds every tool without installing anything: for a step that must
// not run apt-get (svcpack's commands, which goreleaser runs as hooks of
// several builds at once). A missing tool is an error naming its Debian
// packages and the one command that installs them; mage's targets install
// with Ensure instead.
func Check(tools ...Tool) error {
	return check(tools, host{lookPath: exec.LookPath, stat: statFile, isRoot: os.Geteuid() == 0})
}

func check(tools []Tool, h host) error {
	pkgs := missingPackages(tools, h)
	if len(pkgs) == 0 {
		return nil
	}
	install := sudoLine(pkgs)
	if h.isRoot {
		install = strings.TrimPrefix(install, "sudo ")
	}
	return fmt.Errorf("missing Debian packages %s (for %s); this command only checks, it never installs: install them first with: %s (in svcpack's own repository: go tool mage deps)",
		strings.Join(pkgs, ", "), strings.Join(missingTools(tools, h), ", "), install)
}

// missingTools names what is missing: each command or file, once.
func missingTools(tools []Tool, h host) []string {
	var names []string
	seen := map[string]bool{}
	for _, t := range tools {
		name := t.Command
		if t.File != "" {
			name = t.File
		}
		if !seen[name] && !h.has(t) {
			seen[name] = true
			names = append(names, name)
		}
	}
	return names
}
