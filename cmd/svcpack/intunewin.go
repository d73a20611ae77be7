package main

import (
	"context"
	"flag"

	"github.com/svcpack/svcpack/packaging/deps"
	"github.com/svcpack/svcpack/packaging/intunewin"
	"github.com/svcpack/svcpack/packaging/msidb"
)

var intunewinCommand = &command{
	name:    "intunewin",
	summary: "wrap MSIs as .intunewin files for Intune's Win32 apps, without IntuneWinAppUtil",
	usage:   "[-o DIR] [--add FILE]... MSI...",
	help: `Writes DIR/<msi name>.intunewin for each MSI: the encrypted package Intune's admin center
takes for a Win32 app (what Microsoft's IntuneWinAppUtil makes on Windows). Its Detection.xml
carries the MSI's ProductCode, ProductVersion, UpgradeCode, package code and publisher, read
from the MSI, so that the admin center fills in the MSI detection rule. The encryption keys are
fresh random ones for each file, are inside the file (Intune's upload needs them) and are never
printed. With --add, the source folder holds FILE beside the MSI (a transform, site.mst, that the
install command line names). docs/deploy/intune.md says how to upload it.`,
	flags: func(fs *flag.FlagSet) {
		fs.String("o", ".", "the output `directory`")
		fs.Var(&settingsFlag{}, "add", "a `file` to put beside the MSI in the package (repeatable)")
	},
	run:       runIntunewin,
	noProduct: true,
}

func runIntunewin(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usagef("intunewin needs at least one MSI")
	}
	if err := deps.Ensure(ctx, deps.MSI...); err != nil {
		return err
	}
	for _, path := range args {
		res, err := intunewin.Run(ctx, intunewin.Options{
			DB: msidb.Open(path), Dir: fs.Lookup("o").Value.String(), Add: fs.Lookup("add").Value.(*settingsFlag).values,
		})
		if err != nil {
			return err
		}
		e.progress("wrote %s (%.1f MB, ProductCode %s)", res.Path, float64(res.Size)/1e6, res.ProductCode)
	}
	return nil
}
