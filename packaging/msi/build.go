package msi

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

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
	_, err := BuildRead(ctx, opts)
	return err
}

// BuildRead is Build, and returns the MSI at Out with what the lint read back
// from the finished file (every table a rule reads, and the summary), for the
// next stage to use rather than read again. The signature comes after the
// lint; it adds streams of its own and changes no table and no summary property.
func BuildRead(ctx context.Context, opts Options) (*msidb.DB, error) {
	db, err := build(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("build %s: %w", opts.Out, err)
	}
	return db, nil
}

// The msitools processes are the cost of the MSI stage (each opens and parses
// the whole database), so build reads each state of the file once and writes
// in as few msibuild processes as the order allows: the imports; the fixups
// with the placeholder summary; the derived package code. The lint reads the
// finished file back through a DB of its own, which has read nothing before.
func build(ctx context.Context, opts Options) (*msidb.DB, error) {
	upgradeCode, err := upgradeCodeOf(opts.WXS)
	if err != nil {
		return nil, err
	}
	product, err := productCode(upgradeCode, opts.Version.Version, opts.Arch)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "svcpack-msi-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := stage(dir, opts.Version.Time, map[string]string{stagedExe: opts.Exe, stagedIcon: opts.Icon, stagedWXS: opts.WXS}); err != nil {
		return nil, err
	}
	tmp := filepath.Join(dir, "out.msi")
	if err := wixl(ctx, dir, tmp, opts.Arch, opts.Version.MSI, product); err != nil {
		return nil, err
	}
	db := msidb.Open(tmp)
	var idts []string
	for _, idt := range opts.Tables {
		abs, err := filepath.Abs(idt)
		if err != nil {
			return nil, err
		}
		idts = append(idts, abs)
	}
	if err := db.Import(ctx, idts...); err != nil {
		return nil, err
	}
	// The arch's Template and a placeholder package code go in with the
	// fixups; subject and author stay what wixl wrote.
	sum, err := db.Summary(ctx)
	if err != nil {
		return nil, err
	}
	sum.Template = opts.Arch.Template()
	sum.PackageCode = placeholderCode
	if err := fixup(ctx, db, opts.Arch, &sum); err != nil {
		return nil, err
	}
	if err := stampSummary(ctx, db, upgradeCode, sum, opts.Version.Time); err != nil {
		return nil, err
	}
	final := msidb.Open(tmp)
	if err := msilint.CheckDB(ctx, final, want(opts)); err != nil {
		return nil, err
	}
	if opts.Signer != nil {
		if err := opts.Signer.File(ctx, tmp); err != nil {
			return nil, err
		}
	}
	if err := moveInto(tmp, opts.Out); err != nil {
		return nil, err
	}
	return final.At(opts.Out), nil
}

// stampSummary fixes the timestamps wixl and msibuild took from the clock and
// sets the package code derived from everything else in the file, which holds
// the placeholder code while it is hashed.
func stampSummary(ctx context.Context, db *msidb.DB, upgradeCode string, sum msidb.Summary, t time.Time) error {
	if err := db.SetSummaryTimes(t); err != nil {
		return err
	}
	var err error
	if sum.PackageCode, err = packageCode(upgradeCode, db.Path()); err != nil {
		return err
	}
	if err := db.WriteSummary(ctx, sum); err != nil {
		return err
	}
	// msibuild rewrites the summary stream; stamp again so no clock leaks in.
	return db.SetSummaryTimes(t)
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
