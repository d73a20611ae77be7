package cli

import (
	"context"
	"flag"
	"os"
	"path/filepath"

	"github.com/svcpack/svcpack/internal/atomicfile"
	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

var describeCommand = &command{
	name:    "describe",
	summary: "write deployment.json for MSIs: codes, versions, hashes, command lines, properties",
	usage:   "[--version VERSION] [--properties-from svcpack.yaml] [-o FILE] MSI...",
	help: `Reads each MSI and writes the deployment manifest an SCCM, Intune or Group Policy admin needs:
ProductCode, UpgradeCode, versions, architecture, SHA-256, size, the silent install and uninstall
command lines with a verbose log, the properties an admin may set, an MSI detection rule, and
msiexec's return codes, each package's Windows and architecture requirements (its launch
conditions' messages). All of that is read from the packages. With --properties-from, each property also
gets the product file's account of it: allowed values (pattern), default, description, when it
applies, whether it is remembered, and an example command line (svcpack msi and the goreleaser
hook always add it).

The manifest goes to stdout, or with -o to FILE (replaced atomically; packages already in it that are
not named here are kept, one named again is replaced).`,
	flags: func(fs *flag.FlagSet) {
		fs.String("version", "", "the release `version` the MSIs were built as (default: each one's ProductVersion)")
		fs.String("properties-from", "", "a product `file` (svcpack.yaml) whose property descriptions to add (default: none)")
		fs.String("o", "", "add the packages to this deployment.json `file` instead of printing a manifest")
	},
	run:       runDescribe,
	noProduct: true,
}

func runDescribe(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usagef("describe needs at least one MSI")
	}
	vi, err := versionFlag(fs)
	if err != nil {
		return err
	}
	v := vi.Version
	// The tools first, as lint: a missing one is named whatever the input.
	if err := deps.Check(deps.MSI...); err != nil {
		return err
	}
	if err := checkPackages(args); err != nil {
		return err
	}
	if out := fs.Lookup("o").Value.String(); out != "" {
		inputs := []atomicfile.Named{{Role: "--properties-from", Path: fs.Lookup("properties-from").Value.String()}}
		for _, path := range args {
			inputs = append(inputs, atomicfile.Named{Role: "the MSI", Path: path})
		}
		if err := atomicfile.NotInput(atomicfile.Named{Role: "-o", Path: out}, inputs...); err != nil {
			return usageError{err.Error()}
		}
	}
	var prod *product.Product
	if path := fs.Lookup("properties-from").Value.String(); path != "" {
		var err error
		if prod, err = product.Load(path); err != nil {
			return productError{err}
		}
	}
	var pkgs []deploy.Package
	for _, path := range args {
		p, err := deploy.Describe(ctx, path, v)
		if err != nil {
			return err
		}
		if prod != nil {
			p = deploy.WithProduct(p, prod)
		}
		pkgs = append(pkgs, p)
	}
	if out := fs.Lookup("o").Value.String(); out != "" {
		if err := deploy.Add(out, pkgs...); err != nil {
			return err
		}
		e.progress("added %d packages to %s", len(pkgs), out)
		return nil
	}
	// deploy.Write makes the bytes; a temporary file keeps one code path.
	dir, err := os.MkdirTemp("", "svcpack-describe-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, deploy.FileName)
	if err := deploy.Write(tmp, deploy.Manifest{Packages: pkgs}); err != nil {
		return err
	}
	b, err := os.ReadFile(tmp)
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(b)
	return err
}
