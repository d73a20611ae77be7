package cli

import (
	"context"
	"flag"
	"path/filepath"

	"github.com/svcpack/svcpack/packaging/internal/winget"
	"github.com/svcpack/svcpack/service/clip"
)

var wingetCommand = &command{
	name:    "winget",
	summary: "write the winget manifests (version, installer, default locale) for deployment.json's MSIs",
	usage:   "[--product FILE] [--manifest deployment.json] [--version VERSION] [-o DIR]",
	help: `Writes DIR/<id>.yaml, <id>.installer.yaml and <id>.locale.en-US.yaml, winget's multi-file manifest
(schema ` + winget.ManifestVersion + `) for the MSIs of one version in deployment.json: one msi installer per
architecture with its download URL (svcpack.yaml's channels.installer_url), SHA-256, ProductCode and
UpgradeCode, per-machine scope, the silent switches of deployment.json's install command line and
msiexec's return codes. The license, URLs, tags and identifier come from svcpack.yaml's channels
section; license and installer_url are required. deployment.json then names the files.
docs/deploy/winget.md says how to submit them.`,
	flags: func(fs *flag.FlagSet) {
		fs.String("manifest", filepath.Join("dist", "deployment.json"), "the deployment.json `file` that describes the MSIs")
		fs.String("version", "", "the release `version` to describe (default: the one version in the manifest)")
		fs.String("o", ".", "the output `directory`")
	},
	run: runWinget,
}

func runWinget(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("winget takes no arguments, got %s", clip.Quote(args[0]))
	}
	v, err := versionFlag(fs)
	if err != nil {
		return err
	}
	p, err := loadProduct(fs)
	if err != nil {
		return err
	}
	dir := fs.Lookup("o").Value.String()
	files, err := winget.Run(winget.Options{Product: p, Manifest: fs.Lookup("manifest").Value.String(), Version: v.Version, Dir: dir})
	if err != nil {
		return err
	}
	e.progress("wrote %s, %s and %s in %s", files[0], files[1], files[2], dir)
	return nil
}
