package msi

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/svcpack/svcpack/packaging/msidb"
	"github.com/svcpack/svcpack/packaging/msilint"
	"github.com/svcpack/svcpack/packaging/sign"
	"github.com/svcpack/svcpack/packaging/version"
	"github.com/svcpack/svcpack/service"
)

// Options say what Build packages.
type Options struct {
	WXS     string       // the WiX source, wix/hellosvc.wxs
	Icon    string       // the ARP icon, wix/hellosvc.ico
	Tables  []string     // .idt files imported over wixl's tables (wix/*.idt: the Error table's 1722 text)
	Exe     string       // hellosvc.exe for Arch, signed already if it is to be signed
	Arch    Arch         //
	Version version.Info // ProductVersion, the version in the ProductCode, and the time stamped everywhere
	Out     string       // the MSI to write
	Signer  *sign.Signer // nil: leave the MSI unsigned
}

// placeholderCode stands in for the package code while the package's content
// is hashed to derive the real one.
const placeholderCode = "{00000000-0000-0000-0000-000000000000}"

// Build writes one MSI: wixl, then the fixups, the arch's Template, derived
// package code and fixed timestamps, then the lint (a failing rule fails the
// build), then the signature. Out is replaced only when all of it succeeded.
func Build(ctx context.Context, opts Options) error {
	if err := build(ctx, opts); err != nil {
		return fmt.Errorf("build %s: %w", opts.Out, err)
	}
	return nil
}

func build(ctx context.Context, opts Options) error {
	upgradeCode, err := upgradeCodeOf(opts.WXS)
	if err != nil {
		return err
	}
	product, err := productCode(upgradeCode, opts.Version.Version, opts.Arch)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "svcpack-msi-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := stage(dir, opts.Version.Time, map[string]string{stagedExe: opts.Exe, stagedIcon: opts.Icon, stagedWXS: opts.WXS}); err != nil {
		return err
	}
	tmp := filepath.Join(dir, "out.msi")
	if err := wixl(ctx, dir, tmp, opts.Arch, opts.Version.MSI, product); err != nil {
		return err
	}
	for _, idt := range opts.Tables {
		abs, err := filepath.Abs(idt)
		if err != nil {
			return err
		}
		if err := msidb.Import(ctx, tmp, abs); err != nil {
			return err
		}
	}
	if err := fixup(ctx, tmp, opts.Arch); err != nil {
		return err
	}
	if err := stampSummary(ctx, tmp, upgradeCode, opts); err != nil {
		return err
	}
	if err := msilint.Check(ctx, tmp, want(opts)); err != nil {
		return err
	}
	if opts.Signer != nil {
		if err := opts.Signer.File(ctx, tmp); err != nil {
			return err
		}
	}
	return moveInto(tmp, opts.Out)
}

// stampSummary sets the Template for the arch, fixed timestamps, and a package
// code derived from everything else in the file.
func stampSummary(ctx context.Context, path, upgradeCode string, opts Options) error {
	sum, err := msidb.ReadSummary(ctx, path)
	if err != nil {
		return err
	}
	sum.Template = opts.Arch.Template()
	sum.PackageCode = placeholderCode
	if err := msidb.WriteSummary(ctx, path, sum); err != nil {
		return err
	}
	if err := msidb.SetSummaryTimes(path, opts.Version.Time); err != nil {
		return err
	}
	if sum.PackageCode, err = packageCode(upgradeCode, path); err != nil {
		return err
	}
	if err := msidb.WriteSummary(ctx, path, sum); err != nil {
		return err
	}
	// msibuild rewrites the summary stream; stamp again so no clock leaks in.
	return msidb.SetSummaryTimes(path, opts.Version.Time)
}

// want is what the lint holds this build to.
func want(opts Options) msilint.Want {
	return msilint.Want{
		Template:       opts.Arch.Template(),
		Win64:          opts.Arch.Win64(),
		ProductVersion: opts.Version.MSI,
		ServiceArgs:    service.ServiceArgs,
	}
}

// moveInto puts the finished file at out, through a temporary name beside it
// so that out is never half-written.
func moveInto(src, out string) error {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	tmp := out + ".tmp"
	if err := copyFile(src, tmp); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}
