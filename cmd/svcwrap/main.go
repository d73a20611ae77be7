// Command svcwrap runs a program that knows nothing about Windows services as
// one. It reads svcwrap.yaml (its own name with .yaml) beside itself; see
// docs/wrapper.md.
//
//	svcwrap                   console mode: run the program, Ctrl+C stops it
//	svcwrap service install   register the service (as administrator); also start, stop, status, uninstall …
//	svcwrap service run       service mode (the ImagePath the installer writes)
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/svcpack/svcpack/internal/wrap"
	"github.com/svcpack/svcpack/service"
	"github.com/svcpack/svcpack/service/logfile"
	"github.com/svcpack/svcpack/service/manage"
	"github.com/svcpack/svcpack/service/settings"
)

func main() {
	os.Exit(service.ExitCode(run()))
}

func run() error {
	serviceRun := len(os.Args) >= 3 && slices.Equal(os.Args[1:3], service.ServiceArgs())
	if serviceRun {
		// The console the program inherits takes long to make (conhost is a
		// process of its own): make it while the config is read and checked.
		wrap.StartConsole()
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "svcwrap: find the executable:", err)
		return service.ConfigError(err)
	}
	c, err := wrap.Load(wrap.ConfigPath(exe))
	if err != nil {
		return configFailed(exe, err)
	}
	if needsTrust(os.Args[1:]) {
		// The programs of its hooks and stop command are held to the same
		// rule as the program (wrap.CheckWithCommands).
		if err := wrap.CheckWithCommands(exe, c, wrap.CheckFiles); err != nil {
			return configFailed(exe, err)
		}
	}
	conf := c.SettingsFile(filepath.Join(service.DataDir(c.Name), "config.json"))
	var early chan prepared
	if serviceRun {
		// The files are trusted: prepare the program's start while the
		// service connects to the SCM and opens its log.
		early = make(chan prepared, 1)
		go func() { early <- prepare(c, conf) }()
	}
	return service.Run(service.Config{
		Name:         c.Name,
		DisplayName:  c.DisplayName,
		Description:  c.Description,
		StartTimeout: c.StartTimeout,
		StopTimeout:  c.StopTimeout(),
		Install:      manage.Options{Settings: installSettings(conf)},
	}, func(ctx context.Context, ready func()) error {
		var p prepared
		if early != nil {
			p = <-early
		} else {
			p = prepare(c, conf)
		}
		if p.err != nil {
			return p.err
		}
		defer p.out.Close()
		defer p.first.Release() // before the output closes: it drains into it
		s := &wrap.Supervisor{
			Config:       p.c,
			Start:        p.first.Start,
			StartCommand: wrap.StartCommand,
			Out:          p.sink,
			Log:          slog.Default(),
			Now:          time.Now,
			After:        time.After,
		}
		return s.Run(ctx, ready)
	})
}

// prepared is what the Supervisor starts from.
type prepared struct {
	c     wrap.Config // with the settings' variables and the health check resolved
	out   io.WriteCloser
	sink  *wrap.LineSink
	first *wrap.Early // the program's first start, under way
	err   error       // why the start fails (exit code 3: configuration)
}

// prepare reads the settings, begins the program's first start and opens
// the output log. Read at each start, so a configure or an edit of
// config.json takes effect at the next one; a bad file starts nothing.
func prepare(c wrap.Config, conf *settings.File) prepared {
	vars, err := c.SettingsEnv(conf)
	if err != nil {
		return prepared{err: service.ConfigError(err)}
	}
	c.Env.Settings = vars
	if err := c.ResolveHealth(vars); err != nil {
		return prepared{err: service.ConfigError(err)}
	}
	// The program's process is created while the output log opens: both
	// take long under Wine, and the program writes nothing until resumed.
	later := &openedLater{}
	sink := wrap.NewLineSink(later, time.Now)
	first := wrap.StartEarly(c, sink)
	out, err := openOutput(c)
	if err != nil {
		first.Release()
		return prepared{err: service.ConfigError(err)}
	}
	later.set(out)
	return prepared{c: c, out: out, sink: sink, first: first}
}

// installSettings is what `service install|configure` hands the program's
// settings to: none when the config declares none, so --set is refused and
// no config.json is made.
func installSettings(f *settings.File) manage.Settings {
	if len(f.Settings) == 0 {
		return nil
	}
	return f
}

// needsTrust says when the files must be trusted: when the service is
// registered or reconfigured and at each service start, where the program
// would run as the service's account; and for preflight and remove-data,
// which the MSI runs as LocalSystem with the name the config gives (a config
// the service's account could change must not choose the folder LocalSystem
// deletes). Each check holds the files to the account it runs as
// (wrap.CheckFiles), so LocalSystem trusts only SYSTEM, Administrators and
// TrustedInstaller. A console run runs as its user, who gains nothing.
func needsTrust(args []string) bool {
	if len(args) < 2 || args[0] != service.ServiceArgs()[0] {
		return false
	}
	switch args[1] {
	case "install", "configure", "preflight", "remove-data":
		return true
	}
	return slices.Equal(args[:2], service.ServiceArgs())
}

// configFailed reports a bad config file where it will be read. The service
// still runs under the exe's name, so the SCM gets a status and the log and
// the event say what is wrong; stop, status and uninstall still work; install
// and configure refuse, writing the reason to the Event Log too (the MSI's
// configure action keeps no output), and a console run just says it.
func configFailed(exe string, err error) error {
	err = service.ConfigError(err)
	args := os.Args[1:]
	name := strings.TrimSuffix(filepath.Base(exe), filepath.Ext(exe))
	if len(args) >= 2 && slices.Equal(args[:2], service.ServiceArgs()) {
		return service.Run(service.Config{Name: name}, func(context.Context, func()) error { return err })
	}
	fmt.Fprintln(os.Stderr, "svcwrap:", err)
	if len(args) < 2 || args[0] != service.ServiceArgs()[0] {
		return err
	}
	if args[1] == "install" || args[1] == "configure" {
		reportSetupFailure(name, args[1], err)
		return err
	}
	return service.Run(service.Config{Name: name}, func(context.Context, func()) error { return err })
}

// openOutput is where the program's lines go: a rotating file of their own
// in service mode (as service.Run decides it: a service registered without
// the service argument too), the console otherwise.
func openOutput(c wrap.Config) (io.WriteCloser, error) {
	if service.Mode() != service.ModeService {
		return nopCloser{os.Stdout}, nil
	}
	dir := c.Output.Dir
	if dir == "" {
		dir = filepath.Join(service.DataDir(c.Name), "logs")
	}
	w, err := logfile.OpenPolicy(dir, c.Name+".output", c.Output.Policy())
	if err != nil {
		return nil, fmt.Errorf("output log in %s: %w", dir, err)
	}
	return w, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
