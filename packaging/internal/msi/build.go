package msi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/svcpack/svcpack/internal/atomicfile"
	"github.com/svcpack/svcpack/internal/inputfile"
	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/packaging/internal/msilint"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/sign"
	"github.com/svcpack/svcpack/packaging/internal/version"
	"github.com/svcpack/svcpack/service"
)

// Options say what Build packages.
type Options struct {
	// Product gives the values the WiX source reads as preprocessor
	// variables (Vars), the rendered source and the lint's expectations;
	// nil: the product file of the repository WXS is in (product.Find from
	// WXS's directory).
	Product *product.Product
	// WXS is a team's own WiX source (svcpack.yaml's wxs:, an opt-in
	// customization: Product.WXSPath); "": svcpack's template rendered from
	// Product, with its Error table (RenderWXS).
	WXS     string
	Icon    string       // the ARP icon, the product's icon (wix/<name>.ico)
	Tables  []string     // .idt files imported over wixl's tables, after the rendered Error table (wix/*.idt)
	Exe     string       // <name>.exe for Arch, signed already if it is to be signed
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
// the whole database), so build reads tables in process (msidb) and writes
// in as few msibuild processes as the order allows: one, the imports with
// the fixups and the placeholder summary (two when an import replaces a
// table the fixups read); the times and the derived package code are patched
// in place. The lint reads the finished file back through a DB of its own,
// which has read nothing before.
func build(ctx context.Context, opts Options) (*msidb.DB, error) {
	p := opts.Product
	if p == nil && opts.WXS == "" {
		return nil, errors.New("no product: svcpack's WiX template is rendered from a product file")
	}
	if p == nil {
		var err error
		if p, err = product.Find(filepath.Dir(opts.WXS)); err != nil {
			return nil, err
		}
	}
	upgradeCode := p.UpgradeCode
	code, err := productCode(upgradeCode, opts.Version.Version, opts.Arch)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "svcpack-msi-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	tables, err := stageSources(dir, opts, p)
	if err != nil {
		return nil, err
	}
	fragment, err := stageWrap(dir, p, opts.Arch, opts.Version.Time)
	if err != nil {
		return nil, err
	}
	tmp := filepath.Join(dir, "out.msi")
	if err := wixl(ctx, dir, tmp, opts.Arch, opts.Version.MSI, code, Vars(p), fragment); err != nil {
		return nil, err
	}
	db := msidb.Open(tmp)
	var idts []string
	for _, idt := range tables {
		abs, err := filepath.Abs(idt)
		if err != nil {
			return nil, err
		}
		if err := inputfile.Check(abs); err != nil { // msibuild reads it
			return nil, err
		}
		idts = append(idts, abs)
	}
	// The arch's Template and a placeholder package code go in with the
	// fixups; subject and author stay what wixl wrote.
	sum, err := db.Summary(ctx)
	if err != nil {
		return nil, err
	}
	sum.Template = opts.Arch.Template()
	sum.PackageCode = placeholderCode
	if err := fixup(ctx, db, opts.Arch, idts, &sum); err != nil {
		return nil, err
	}
	if err := stampSummary(db, upgradeCode, opts.Version.Time); err != nil {
		return nil, err
	}
	final := msidb.Open(tmp)
	if err := msilint.CheckDB(ctx, final, Want(p, opts.Arch, opts.Version.MSI)); err != nil {
		return nil, err
	}
	if opts.Signer != nil {
		if err := SignerFor(opts.Signer, p).File(ctx, tmp); err != nil {
			return nil, err
		}
	}
	if err := moveInto(tmp, opts.Out); err != nil {
		return nil, err
	}
	return final.At(opts.Out), nil
}

// stampSummary fixes the timestamps wixl and msibuild took from the clock,
// then sets the package code derived from everything else in the file, which
// holds the placeholder code while it is hashed. Both are patched in place
// (msidb's Stamp): no msibuild process, which would stamp the clock again.
func stampSummary(db *msidb.DB, upgradeCode string, t time.Time) error {
	return db.Stamp(t, func(stamped io.Reader) (string, error) { return packageCode(upgradeCode, stamped) })
}

// Want is what the lint holds a package of product p to; msiVersion ""
// leaves the ProductVersion unchecked.
func Want(p *product.Product, arch Arch, msiVersion string) msilint.Want {
	var props []string
	var settings []msilint.Setting
	for _, prop := range p.Properties {
		props = append(props, prop.Name)
		if prop.Setting != "" {
			settings = append(settings, msilint.Setting{Property: prop.Name, Key: prop.Setting})
		}
	}
	return msilint.Want{
		Template:       arch.Template(),
		Win64:          arch.Win64(),
		ProductVersion: msiVersion,
		ServiceArgs:    service.ServiceArgs(),
		ProductName:    p.Name,
		Manufacturer:   p.Company,
		UpgradeCode:    p.UpgradeCode,
		ServiceName:    p.Name,
		Account:        p.Service.Account,
		Dependencies:   p.Service.Dependencies,
		InstallerKey:   p.InstallerKey(),
		Properties:     props,
		Settings:       settings,
		LocalDumpsKey:  p.LocalDumpsKey(),
		DumpFolder:     p.DumpFolder(),
		DumpCount:      p.CrashDumps.Count,
		DumpType:       p.CrashDumps.DumpTypeValue(),
		Files:          wrapFileNames(p, arch),
	}
}

// Vars are the preprocessor variables the WiX source reads from the product
// file (the template, packaging/internal/msi/template/service.wxs.tmpl, lists them). Each value passed packaging/internal/product's
// allowlists, so none can break out of the attribute it lands in.
func Vars(p *product.Product) map[string]string {
	delays, reset := p.Service.Recovery.RegistryForm()
	return map[string]string{
		"RestartDelaysMs":    delays,
		"ResetPeriodSeconds": reset,
		"Name":               p.Name,
		"Company":            p.Company,
		"UpgradeCode":        p.UpgradeCode,
		"DisplayName":        p.DisplayName,
		"Description":        p.Description,
		"Account":            p.Service.Account,
		"StartType":          p.Service.Start,
		"DumpFolder":         p.DumpFolder(),
		"DumpCount":          strconv.Itoa(p.CrashDumps.Count),
		"DumpType":           strconv.Itoa(p.CrashDumps.DumpTypeValue()),
	}
}

// SignerFor is s with the product's signing description and URL where s
// leaves them empty (nil stays nil).
func SignerFor(s *sign.Signer, p *product.Product) *sign.Signer {
	if s == nil {
		return nil
	}
	c := *s
	if c.Description == "" {
		c.Description = p.Signing.Description
	}
	if c.URL == "" {
		c.URL = p.Signing.URL
	}
	return &c
}

// moveInto puts the finished file at out (internal/atomicfile: never
// through a link, never half-written).
func moveInto(src, out string) error {
	return atomicfile.Copy(src, out)
}
