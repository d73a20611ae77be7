package cli

import (
	"context"
	"flag"

	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/intunewin"
	"github.com/svcpack/svcpack/packaging/internal/msidb"
)

var intunewinCommand = &command{
	name:    "intunewin",
	summary: "wrap MSIs as .intunewin files for Intune's Win32 apps, without IntuneWinAppUtil",
	usage:   "[-o DIR] [--add FILE]... [--manifest deployment.json [--product FILE]] MSI...",
	help: `Writes DIR/<msi name>.intunewin for each MSI: the encrypted package Intune's admin center
takes for a Win32 app (what Microsoft's IntuneWinAppUtil makes on Windows). Its Detection.xml
carries the MSI's ProductCode, ProductVersion, UpgradeCode, package code and publisher, read
from the MSI, so that the admin center fills in the MSI detection rule. The encryption keys are
fresh random ones for each file, are inside the file (Intune's upload needs them) and are never
printed. With --add, the source folder holds FILE beside the MSI (a transform, site.mst, that the
install command line names). With --manifest, deployment.json's channels.intune names each
package, with the detection rule svcpack.yaml's channels.intune.detection chose. docs/deploy/intune.md
says how to upload it.`,
	flags: func(fs *flag.FlagSet) {
		fs.String("o", ".", "the output `directory`")
		fs.Var(&settingsFlag{}, "add", "a `file` to put beside the MSI in the package (repeatable)")
		fs.String("manifest", "", "a deployment.json `file` to name the packages in (default: none)")
	},
	run: runIntunewin,
}

func runIntunewin(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usagef("intunewin needs at least one MSI")
	}
	if err := deps.Check(deps.MSI...); err != nil {
		return err
	}
	o := intunewin.Options{
		Dir: fs.Lookup("o").Value.String(), Add: fs.Lookup("add").Value.(*settingsFlag).values,
		Manifest: fs.Lookup("manifest").Value.String(),
	}
	if o.Manifest != "" {
		p, err := loadProduct(fs)
		if err != nil {
			return err
		}
		o.Detection = p.Channels.Intune.Detection
	}
	for _, path := range args {
		o.DB = msidb.Open(path)
		res, err := intunewin.Run(ctx, o)
		if err != nil {
			return err
		}
		e.progress("wrote %s (%.1f MB, ProductCode %s)", res.Path, float64(res.Size)/1e6, res.ProductCode)
	}
	return nil
}
