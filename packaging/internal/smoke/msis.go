package smoke

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/svcpack/svcpack/internal/atomicfile"
	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/version"
)

// The versions BuildMSIs packages: v1 for fresh installs and the upgrade's
// "before", v2 for its "after" (v1 over it is a downgrade). Majors stay
// below 128: Wine's FindRelatedProducts misreads larger ones
// (docs/platform.md). The same-version pair the suite also needs is derived
// by the runner from v1 (Roles).
var buildVersions = []string{"1.0.0", "1.1.0"}

// ArgvDumpName is the file name of the argv recorder package: the v1 package
// with ./packaging/internal/smoke/argvdump in place of the product's program, the same
// tables and custom actions (TestNoPropertyReachesACommandLine).
const ArgvDumpName = "argvdump_1.0.0_amd64.msi"

// argvDumpPackage is the argv recorder's main package.
const argvDumpPackage = "github.com/svcpack/svcpack/packaging/internal/smoke/argvdump"

// BuildOptions say where BuildMSIs works.
type BuildOptions struct {
	Root    string           // the repository; default "."
	Product *product.Product // default Root/svcpack.yaml
	OutDir  string           // default Root/dist/smoke
	Log     io.Writer        // one progress line; default os.Stderr
}

// Built is what BuildMSIs wrote.
type Built struct {
	Packages []string // the product's amd64 packages, one per buildVersions
	ArgvDump string   // the argv recorder package
}

// BuildMSIs writes the repository's smoke packages into OutDir: the
// product's amd64 package at two versions, so the upgrade case replaces a
// program by one built from another version, and the argv recorder package.
// They are unsigned and stamped with a fixed commit and time, so an
// unchanged source is not rebuilt (msi.Dist's up-to-date check).
func BuildMSIs(ctx context.Context, opts BuildOptions) (Built, error) {
	if opts.Root == "" {
		opts.Root = "."
	}
	if opts.Product == nil {
		p, err := product.Load(filepath.Join(opts.Root, product.FileName))
		if err != nil {
			return Built{}, fmt.Errorf("smoke MSIs: %w", err)
		}
		opts.Product = p
	}
	p := opts.Product
	if opts.OutDir == "" {
		opts.OutDir = filepath.Join(opts.Root, "dist", "smoke")
	}
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	// Dist keeps its work files beside its output; the packages are copied
	// out, so OutDir holds only what the Windows side needs.
	work := filepath.Join(filepath.Dir(opts.OutDir), "."+filepath.Base(opts.OutDir)+"-build")
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return Built{}, fmt.Errorf("smoke MSIs: %w", err)
	}
	start := time.Now()
	var outs []string
	for _, v := range buildVersions {
		info, err := version.Parse(v)
		if err != nil {
			return Built{}, fmt.Errorf("smoke MSIs: %w", err)
		}
		info.Commit = "0000000000000000000000000000000000000000"
		info.Time = time.Unix(1700000000, 0).UTC()
		built, err := msi.Dist(ctx, msi.DistOptions{
			Root:    opts.Root,
			Product: p,
			OutDir:  filepath.Join(work, v),
			Arches:  []msi.Arch{msi.AMD64},
			Version: &info,
			Log:     io.Discard,
		})
		if err != nil {
			return Built{}, fmt.Errorf("smoke MSIs: %w", err)
		}
		name := p.MSIName(v, string(msi.AMD64))
		out := filepath.Join(opts.OutDir, name)
		if filepath.Base(built[0]) != name {
			return Built{}, fmt.Errorf("smoke MSIs: msi.Dist wrote %s, want %s", built[0], name)
		}
		if err := copyIfChanged(built[0], out); err != nil {
			return Built{}, fmt.Errorf("smoke MSIs: %w", err)
		}
		outs = append(outs, out)
	}
	dump, err := buildArgvDump(ctx, opts.Root, p, work, filepath.Join(opts.OutDir, ArgvDumpName))
	if err != nil {
		return Built{}, fmt.Errorf("smoke MSIs: %w", err)
	}
	fmt.Fprintf(opts.Log, "smoke: %d test MSIs (%s, argvdump) in %s, %.1fs\n", len(outs)+1, strings.Join(buildVersions, ", "), opts.OutDir, time.Since(start).Seconds())
	return Built{Packages: outs, ArgvDump: dump}, nil
}

// buildArgvDump packages the argv recorder as v1 of the product, from the
// same sources msi.Dist uses (the rendered WiX source or the product's own, icon and wix/*.idt).
func buildArgvDump(ctx context.Context, root string, p *product.Product, work, out string) (string, error) {
	info, err := version.Parse(buildVersions[0])
	if err != nil {
		return "", err
	}
	info.Commit = "0000000000000000000000000000000000000000"
	info.Time = time.Unix(1700000000, 0).UTC()
	dir := filepath.Join(work, "argvdump")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	exe := filepath.Join(dir, p.ExeName())
	// By import path: Root is the product file's folder, which need not be
	// the module's root (examples/wrapdemo).
	if err := msi.BuildExe(ctx, root, argvDumpPackage, exe, msi.AMD64, info); err != nil {
		return "", err
	}
	tables, err := filepath.Glob(filepath.Join(root, "wix", "*.idt"))
	if err != nil {
		return "", err
	}
	err = msi.Build(ctx, msi.Options{
		Product: p,
		WXS:     p.WXSPath(root),
		Icon:    filepath.Join(root, filepath.FromSlash(p.Icon)),
		Tables:  tables,
		Exe:     exe,
		Arch:    msi.AMD64,
		Version: info,
		Out:     out,
	})
	return out, err
}

// copyIfChanged copies src to dst unless dst already has its size and mtime.
func copyIfChanged(src, dst string) error {
	si, err := os.Stat(src)
	if err != nil {
		return err
	}
	if di, err := os.Stat(dst); err == nil && di.Size() == si.Size() && di.ModTime().Equal(si.ModTime()) {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	f, err := atomicfile.Create(dst)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := io.Copy(f, in); err != nil {
		return err
	}
	if err := os.Chtimes(f.Name(), si.ModTime(), si.ModTime()); err != nil {
		return err
	}
	return f.Commit()
}
