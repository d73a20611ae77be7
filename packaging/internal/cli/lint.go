package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"

	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/packaging/internal/msilint"
	"github.com/svcpack/svcpack/service/clip"
)

var lintCommand = &command{
	name:    "lint",
	summary: "check built MSIs against the design's rules and the product file",
	usage:   "[--arch ARCH] [--version VERSION] MSI...",
	help: `Reads each MSI back and applies every packaging/internal/msilint rule: the service's explicit argument and
least-privilege account, service control, RemoveExistingProducts inside the transaction, constant
custom-action command lines, secure properties, the configure/preflight/remove-data actions and
their sequence, 64-bit components, the shapes of the codes and ProductVersion, summary dates within
1980-2107; and the product file's expectations: product name, manufacturer,
upgrade code, service name and account, the installer key, and exactly the product's properties.

The architecture is read from the package's Template unless --arch is given (it must be one of the
product's); the ProductVersion is checked only with --version. Every broken rule is printed, not
only the first.`,
	flags: func(fs *flag.FlagSet) {
		fs.String("arch", "", "the architecture the MSIs must be for: amd64, 386 or arm64 (default: read from each MSI)")
		fs.String("version", "", "the release `version` the MSIs must carry (default: not checked)")
	},
	run: runLint,
}

func runLint(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usagef("lint needs at least one MSI")
	}
	get := func(name string) string { return fs.Lookup(name).Value.String() }
	var wantArch msi.Arch
	if a := get("arch"); a != "" {
		var err error
		if wantArch, err = msi.ParseArch(a); err != nil {
			return usagef("--arch %s: want amd64, 386 or arm64", clip.Quote(a))
		}
	}
	v, err := versionFlag(fs)
	if err != nil {
		return err
	}
	msiVersion := v.MSI
	p, err := loadProduct(fs)
	if err != nil {
		return err
	}
	if err := deps.Check(deps.MSI...); err != nil {
		return err
	}
	if err := checkPackages(args); err != nil {
		return err
	}
	failed := 0
	for _, path := range args {
		arch := wantArch
		if arch == "" {
			sum, err := msidb.ReadSummary(ctx, path)
			if err != nil {
				return fmt.Errorf("lint %s: %w", path, err)
			}
			if arch, err = msi.ArchOfTemplate(sum.Template); err != nil {
				return fmt.Errorf("lint %s: %w", path, err)
			}
		}
		if !slices.Contains(p.Architectures, string(arch)) {
			fmt.Fprintf(e.stdout, "%s: FAIL: a package for %s, which %s does not list in architectures %v\n", path, arch, p.File(), p.Architectures)
			failed++
			continue
		}
		err := msilint.Check(ctx, path, msi.Want(p, arch, msiVersion))
		var found msilint.Findings
		switch {
		case err == nil:
			fmt.Fprintf(e.stdout, "%s: ok (%s, every rule)\n", path, arch)
		case errors.As(err, &found):
			failed++
			fmt.Fprintf(e.stdout, "%s: FAIL: %d broken rules\n", path, len(found))
			for _, f := range found {
				fmt.Fprintf(e.stdout, "  %s: %s\n", f.Rule, f.Detail)
			}
		default:
			return err // unreadable: not a lint verdict
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d packages break rules (listed above)", failed, len(args))
	}
	return nil
}
