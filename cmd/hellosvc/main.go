// Command hellosvc is the sample svcpack service: a small HTTP server that
// runs as a real Windows service (and in a console on any OS), installed by
// an MSI. Copy it to start your own.
//
//	hellosvc [-config PATH]            run in the console; Ctrl+C stops
//	hellosvc service install|start|…   manage the Windows service
//	hellosvc -version
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/svcpack/svcpack/service"
	"github.com/svcpack/svcpack/service/clip"
	"github.com/svcpack/svcpack/service/exitcode"
	"github.com/svcpack/svcpack/service/manage"
)

var name = declared.Name // svcpack.yaml's name

func main() {
	configPath := flag.String("config", conf.Path,
		"config file `path`; the service itself always reads the default")
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Usage = usage
	flag.Parse() // stops at the first non-flag: `service …` is left for service.Run

	if *showVersion {
		fmt.Printf("%s %s (commit %s, built %s)\n", name, version, commit, date)
		return
	}
	if err := checkArgs(flag.Args(), flag.NFlag() > 0); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		usage()
		os.Exit(exitcode.Usage)
	}

	err := service.Run(service.Config{
		Name:              name,
		DisplayName:       "svcpack hello service",
		Description:       "Sample svcpack service: answers /healthz and /version over HTTP.",
		StopTimeout:       stopTimeout,
		AcceptPreShutdown: true, // drain before the system's shutdown budget starts
		Install:           manage.Options{Settings: conf.WithPath(*configPath)},
	}, func(ctx context.Context, ready func()) error {
		return run(ctx, *configPath, ready)
	})
	os.Exit(service.ExitCode(err))
}

// checkArgs refuses what service.Run would otherwise ignore. The ImagePath
// the installer writes carries only the service argument, so the service
// reads the default config: a -config before `service …` would silently
// configure a file the service never reads.
func checkArgs(args []string, flags bool) error {
	switch {
	case len(args) == 0:
		return nil
	case args[0] != service.ServiceArgs()[0]:
		return fmt.Errorf("unexpected argument %s", clip.Quote(args[0]))
	case flags:
		return fmt.Errorf("flags go with console mode only, not with %s", clip.Quote(args[0]))
	}
	return nil
}

func usage() {
	fmt.Fprintf(flag.CommandLine.Output(), `usage:
  %[1]s [-config PATH]          run in this console until Ctrl+C
  %[1]s service COMMAND …       install, uninstall, remove-data, start, stop, status, configure, preflight
  %[1]s -version

flags:
`, name)
	flag.PrintDefaults()
}
