package cli

import (
	"context"
	"flag"
	"path/filepath"
	"regexp"

	"github.com/svcpack/svcpack/packaging/internal/smoke"
	"github.com/svcpack/svcpack/service/clip"
)

var smokeCommand = &command{
	name:    "smoke",
	summary: "install, upgrade, repair and remove MSIs on a machine and judge it (Wine on Linux)",
	usage:   "[--run REGEX] [--logs DIR] MSI...",
	help: `Runs svcpack's smoke suite on the product's MSIs (dist/*.msi: the x64 ones are used), driven by the
product file: a fresh install (the service RUNNING as service.account with its start type, answering
smoke.health and smoke.request on smoke.address, its Add/Remove Programs entry, program and data
folder); each property's good examples installed and reaching the machine, its bad examples refused
with nothing left behind; an upgrade to a second version; repair; the administrator's config kept
byte for byte across upgrade and repair; a downgrade refused; uninstall with no leftovers (and with
REMOVEDATA=1 the data too); the upgrade's downtime measured and printed.

The second version is the next higher ProductVersion given; with one version only, the runner
derives it from the lowest (ProductVersion's third field + 1, new ProductCode and package code), and
it derives the same-version pair the repeated-upgrade case alternates between.

The runner is this module's package ` + smoke.RunnerPackage + `, compiled for windows/amd64 by
go test in the module of the product file's folder (where svcpack is a dependency). On Linux it runs
under Wine in a fresh prefix made for the run and removed after it; on Windows it runs natively and
needs an elevated shell and a machine without the product. Checks Wine cannot make end as SKIP
"NOT VERIFIABLE HERE" under Wine and are asserted on Windows. Its first line says what the run needs;
a file that is not an MSI, or (on Linux, read with msitools) an MSI of another product than the
product file's UpgradeCode, is refused before the runner is built. A line is printed as each case starts
and ends, at least every ten seconds, and a summary at the end; on a failure the runner's whole
output.`,
	flags: func(fs *flag.FlagSet) {
		fs.String("run", "", "run only the cases matching this go test -run `regex` (e.g. 'FreshInstall|Upgrade$')")
		fs.String("logs", "", "keep every msiexec log in this `dir` (one file per run, named after its case in letters, digits, _ and -)")
	},
	run: runSmoke,
}

func runSmoke(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usagef("smoke needs at least one MSI")
	}
	get := func(name string) string { return fs.Lookup(name).Value.String() }
	if r := get("run"); r != "" {
		if _, err := regexp.Compile(r); err != nil {
			return usagef("--run %s: %v", clip.Quote(r), err)
		}
	}
	p, err := loadProduct(fs)
	if err != nil {
		return err
	}
	e.progress("smoke: %s, %d MSI(s)", p.Name, len(args))
	return smoke.Run(ctx, smoke.Options{
		Dir:     filepath.Dir(get("product")),
		Product: get("product"),
		MSIs:    args,
		Run:     get("run"),
		Logs:    get("logs"),
		Out:     e.stdout,
	})
}
