package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/svcpack/svcpack/internal/atomicfile"
	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/sign"
	"github.com/svcpack/svcpack/packaging/internal/version"
	"github.com/svcpack/svcpack/service/clip"
)

var msiCommand = &command{
	name:    "msi",
	summary: "package one exe as one MSI: sign the exe, wixl, fixups, lint, sign the MSI",
	usage:   "--exe FILE --arch ARCH --version VERSION [--out FILE | --dist DIR] [--commit HASH] [--date TIME] [--manifest FILE]",
	help: `Packages the product's exe for one architecture: svcpack's hardened WiX template rendered from
svcpack.yaml (every property with a setting gets its rows), or the team's own .wxs when svcpack.yaml
says wxs: (its values passed as preprocessor variables, the .idt tables beside it), and packaging/internal/msi's
fixups; the package must pass every lint rule, with the product file's expectations, or nothing is
written.

With SVCPACK_SIGN_PFX (and SVCPACK_SIGN_PASSWORD, optionally SVCPACK_SIGN_TIMESTAMP) set, the exe is
signed in place first (so an archive made from it holds the signed exe too) and the MSI after it is
built; without them the MSI is unsigned and the command says so.

As goreleaser's post-build hook (one run per build; the .goreleaser.yaml svcpack init writes has it,
and init --goreleaser prints that file):

  hooks:
    post:
      - cmd: go tool svcpack msi --exe "{{ .Path }}" --arch {{ .Arch }} --version {{ .Version }}
          --commit {{ .FullCommit }} --date {{ .CommitDate }} --dist dist --manifest dist/deployment.json

It checks the Debian packages it needs and never installs them (goreleaser runs the hooks of all
builds at once): a missing one is an error naming it and the command that installs it.

The MSI's timestamps are --date (RFC 3339), else SOURCE_DATE_EPOCH, else now: give one of the first two
for byte-identical rebuilds.`,
	flags: func(fs *flag.FlagSet) {
		fs.String("exe", "", "the Windows `exe` to package (required)")
		fs.String("arch", "", "its architecture: amd64, 386 or arm64 (required; one of the product's)")
		fs.String("version", "", "the release `version`: MAJOR.MINOR.PATCH[-N-gHASH][-dirty] or MAJOR.MINOR.PATCH-snapshot-HASH (required)")
		fs.String("out", "", "the MSI to write (default DIR/NAME_VERSION_ARCH.msi)")
		fs.String("dist", "dist", "the output `dir`ectory when --out is not given")
		fs.String("commit", "", "the commit `hash` the exe was built from, 7 to 64 lower-case hex digits (recorded with the version)")
		fs.String("date", "", "the commit `time`, RFC 3339, 1980-01-01 to 2107-12-31: the MSI's timestamps")
		fs.String("manifest", "", "also add the MSI to this deployment.json `file` (created if missing)")
	},
	run: runMSI,
}

func runMSI(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("msi takes flags only, got the argument %q", args[0])
	}
	get := func(name string) string { return fs.Lookup(name).Value.String() }
	for _, name := range []string{"exe", "arch", "version"} {
		if get(name) == "" {
			return usagef("--%s is required", name)
		}
	}
	arch, err := msi.ParseArch(get("arch"))
	if err != nil {
		return usagef("--arch %s: want amd64, 386 or arm64", clip.Quote(get("arch")))
	}
	v, err := versionFlag(fs)
	if err != nil {
		return withNoCommitHint(err, strings.HasSuffix(get("version"), "-"+noCommit))
	}
	if err := version.CheckCommit(get("commit")); err != nil {
		return withNoCommitHint(usagef("--commit: %v", err), get("commit") == noCommit)
	}
	v.Commit = get("commit")
	if v.Time, err = buildTime(get("date")); err != nil {
		return withNoCommitHint(usagef("%v", err), get("date") == noCommitDate)
	}
	p, err := loadProduct(fs)
	if err != nil {
		return err
	}
	if _, err := checkDeclarations(p); err != nil {
		return err // the exe was built from declarations svcpack.yaml no longer makes
	}
	if !slices.Contains(p.Architectures, string(arch)) {
		return fmt.Errorf("--arch %s: %s lists only %v in architectures", arch, p.File(), p.Architectures)
	}
	exe := get("exe")
	if fi, err := os.Stat(exe); err != nil || !fi.Mode().IsRegular() {
		return fmt.Errorf("--exe %s: not a file (%v)", clip.Quote(exe), err)
	}
	out := get("out")
	if out == "" {
		out = filepath.Join(get("dist"), p.MSIName(v.Version, string(arch)))
	} else if err := product.CheckPrintable(filepath.Base(out)); err != nil {
		// deployment.json prints the MSI's name in its command lines.
		return usagef("--out: file name %v", err)
	}
	manifest := get("manifest")
	if err := checkMSIOutputs(p, exe, out, manifest); err != nil {
		return err
	}
	signer, err := sign.FromEnv()
	if err != nil {
		return err
	}
	// goreleaser runs this hook for several builds at once: it checks its
	// tools and never installs them (mage's targets do). The signer's own
	// list: a PKCS#11 signer also needs OpenSSL's engine, a file.
	tools := deps.MSI
	if signer != nil {
		tools = append(append([]deps.Tool{}, tools...), signer.Tools()...)
	}
	if err := deps.Check(tools...); err != nil {
		return err
	}
	start := time.Now()
	root := filepath.Dir(p.File())
	wxs := p.WXSPath(root)
	tableDir := filepath.Join(root, "wix")
	if wxs != "" {
		tableDir = filepath.Dir(wxs)
	}
	tables, err := filepath.Glob(filepath.Join(tableDir, "*.idt"))
	if err != nil {
		return err
	}
	signer = msi.SignerFor(signer, p)
	if signer != nil {
		e.progress("signing %s", exe)
		if err := signer.File(ctx, exe); err != nil {
			return err
		}
	}
	e.progress("building %s from %s (%s %s; wixl, fixups, lint; %s)", out, filepath.Base(exe), p.Name, v.Version, sign.Status(signer))
	db, err := msi.BuildRead(ctx, msi.Options{
		Product: p,
		WXS:     wxs,
		Icon:    filepath.Join(root, filepath.FromSlash(p.Icon)),
		Tables:  tables,
		Exe:     exe,
		Arch:    arch,
		Version: v,
		Out:     out,
		Signer:  signer,
	})
	if err != nil {
		return err
	}
	pkg, err := deploy.DescribeDB(ctx, db, v.Version)
	if err != nil {
		return err
	}
	pkg = deploy.WithProduct(pkg, p)
	if manifest != "" {
		if err := deploy.Add(manifest, pkg); err != nil {
			return fmt.Errorf("%w (%s was written; the manifest was left as it was)", err, out)
		}
	}
	e.progress("wrote %s: %.1f MB, ProductCode %s, in %.1fs", out, float64(pkg.Size)/1e6, pkg.ProductCode, time.Since(start).Seconds())
	return nil
}

// checkMSIOutputs refuses, before anything is built, outputs that are
// inputs and a manifest that could not take the package: a manifest that
// does not read fails now, not after the MSI is written.
func checkMSIOutputs(p *product.Product, exe, out, manifest string) error {
	root := filepath.Dir(p.File())
	inputs := []atomicfile.Named{
		{Role: "--exe", Path: exe},
		{Role: "--product", Path: p.File()},
		{Role: "the product's wxs", Path: filepath.Join(root, filepath.FromSlash(p.WXS))},
		{Role: "the product's icon", Path: filepath.Join(root, filepath.FromSlash(p.Icon))},
	}
	if err := atomicfile.NotInput(atomicfile.Named{Role: "--out", Path: out}, inputs...); err != nil {
		return usageError{err.Error()}
	}
	if manifest == "" {
		return nil
	}
	if err := atomicfile.NotInput(atomicfile.Named{Role: "--manifest", Path: manifest},
		append(inputs, atomicfile.Named{Role: "the MSI (--out)", Path: out})...); err != nil {
		return usageError{err.Error()}
	}
	if _, err := deploy.Read(manifest); err != nil {
		return fmt.Errorf("--manifest %s: %w; nothing was built", clip.Quote(manifest), err)
	}
	return nil
}

// buildTime is --date, else SOURCE_DATE_EPOCH, else now; a time MSI and
// zip timestamps cannot hold (version.CheckTime) is refused.
func buildTime(date string) (time.Time, error) {
	if date != "" {
		t, err := time.Parse(time.RFC3339, date)
		if err != nil {
			return time.Time{}, fmt.Errorf("--date %s: want an RFC 3339 time such as 2026-01-02T03:04:05Z", clip.Quote(date))
		}
		if err := version.CheckTime(t); err != nil {
			return time.Time{}, fmt.Errorf("--date %s: %w", clip.Quote(date), err)
		}
		return t.UTC(), nil
	}
	if s := os.Getenv(version.EnvEpoch); s != "" {
		t, err := version.ParseEpoch(s)
		if err != nil {
			return time.Time{}, fmt.Errorf("%s %w", version.EnvEpoch, err)
		}
		return t, nil
	}
	return time.Now().UTC().Truncate(time.Second), nil
}

// What goreleaser passes when it read no commit from git, as a snapshot
// without a git remote does: the commit (also the end of its snapshot
// version) and the commit date.
const (
	noCommit     = "none"
	noCommitDate = "0001-01-01T00:00:00Z"
)

// withNoCommitHint adds to a refused build identity what to do when the
// value is goreleaser's "no commit".
func withNoCommitHint(err error, noCommit bool) error {
	if !noCommit {
		return err
	}
	return usagef("%v (goreleaser passes \"none\" and 0001-01-01 when it read no commit from git, as in a clone without a remote: "+
		"add one (git remote add origin URL), or set SVCPACK_VERSION, SVCPACK_COMMIT and SVCPACK_DATE, "+
		"which the .goreleaser.yaml of svcpack init passes instead)", err)
}
