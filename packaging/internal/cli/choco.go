package cli

import (
	"context"
	"flag"
	"path/filepath"

	"github.com/svcpack/svcpack/packaging/internal/choco"
	"github.com/svcpack/svcpack/service/clip"
)

var chocoCommand = &command{
	name:    "choco",
	summary: "write the Chocolatey package (.nupkg) for deployment.json's MSIs, without choco",
	usage:   "[--product FILE] [--manifest deployment.json] [--version VERSION] [-o DIR]",
	help: `Writes DIR/<name>.<ProductVersion>.nupkg for the MSIs of one version in deployment.json: the .nuspec,
and tools/chocolateyinstall.ps1 and chocolateyuninstall.ps1, which download the MSI for the machine's
architecture from svcpack.yaml's channels.installer_url, check its SHA-256, and run deployment.json's
silent install and uninstall command lines. Made on any OS: the choco program is not needed. The
license, project URL and tags come from svcpack.yaml's channels section; license and installer_url
are required. deployment.json then names the package. docs/deploy/chocolatey.md says how to push it.`,
	flags: func(fs *flag.FlagSet) {
		fs.String("manifest", filepath.Join("dist", "deployment.json"), "the deployment.json `file` that describes the MSIs")
		fs.String("version", "", "the release `version` to package (default: the one version in the manifest)")
		fs.String("o", ".", "the output `directory`")
	},
	run: runChoco,
}

func runChoco(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("choco takes no arguments, got %s", clip.Quote(args[0]))
	}
	v, err := versionFlag(fs)
	if err != nil {
		return err
	}
	p, err := loadProduct(fs)
	if err != nil {
		return err
	}
	out, err := choco.Run(choco.Options{Product: p, Manifest: fs.Lookup("manifest").Value.String(), Version: v.Version, Dir: fs.Lookup("o").Value.String()})
	if err != nil {
		return err
	}
	e.progress("wrote %s", out)
	return nil
}
