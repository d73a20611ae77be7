package msi

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/svcpack/svcpack/internal/atomicfile"
	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/sign"
	"github.com/svcpack/svcpack/packaging/internal/version"
)

// DistOptions say what Dist builds. Zero values take the defaults.
type DistOptions struct {
	Root    string           // the repository; default "."
	Product *product.Product // default Root/svcpack.yaml
	OutDir  string           // default Root/dist
	Arches  []Arch           // default the product's architectures
	Version *version.Info    // default version.Detect(Root) (git describe, commit time; SVCPACK_VERSION, SOURCE_DATE_EPOCH)
	Signer  *sign.Signer     // nil: unsigned; see sign.FromEnv
	Log     io.Writer        // progress lines; default os.Stderr
}

// Dist writes OutDir/<name>_<version>_<arch>.msi for each arch: it builds
// the product's main package as <name>.exe, signs it, packages it with Build
// (fixups, lint, signature).
// An MSI whose inputs have not changed since it was made is left alone.
// Missing Debian tools are installed (root) or named. It returns the MSI paths.
func Dist(ctx context.Context, opts DistOptions) ([]string, error) {
	if opts.Root == "" {
		opts.Root = "."
	}
	if opts.OutDir == "" {
		opts.OutDir = filepath.Join(opts.Root, "dist")
	}
	if opts.Product == nil {
		p, err := product.Load(filepath.Join(opts.Root, product.FileName))
		if err != nil {
			return nil, fmt.Errorf("msi: %w", err)
		}
		opts.Product = p
	}
	if len(opts.Arches) == 0 {
		for _, a := range opts.Product.Architectures {
			arch, err := ParseArch(a)
			if err != nil {
				return nil, fmt.Errorf("msi: %w", err)
			}
			opts.Arches = append(opts.Arches, arch)
		}
	}
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	tools := deps.MSI
	if opts.Signer != nil {
		tools = append(append([]deps.Tool{}, tools...), deps.Sign...)
	}
	if err := deps.Ensure(ctx, tools...); err != nil {
		return nil, fmt.Errorf("msi: %w", err)
	}
	if opts.Version == nil {
		v, err := version.Detect(ctx, opts.Root)
		if err != nil {
			return nil, fmt.Errorf("msi: version: %w", err)
		}
		opts.Version = &v
	}
	fmt.Fprintf(opts.Log, "msi: %s %s (ProductVersion %s); %s\n", opts.Product.Name, opts.Version.Version, opts.Version.MSI, sign.Status(opts.Signer))
	var outs []string
	for _, arch := range opts.Arches {
		out, err := distArch(ctx, opts, arch)
		if err != nil {
			return outs, err
		}
		outs = append(outs, out)
	}
	return outs, nil
}

func distArch(ctx context.Context, d DistOptions, arch Arch) (string, error) {
	start := time.Now()
	work := filepath.Join(d.OutDir, ".build", string(arch))
	if err := os.MkdirAll(work, 0o755); err != nil {
		return "", err
	}
	p := d.Product
	exe := filepath.Join(work, p.ExeName())
	if err := BuildExe(ctx, d.Root, p.Main, exe, arch, *d.Version); err != nil {
		return "", err
	}
	tables, err := filepath.Glob(filepath.Join(d.Root, "wix", "*.idt"))
	if err != nil {
		return "", err
	}
	opts := Options{
		Product: p,
		WXS:     p.WXSPath(d.Root),
		Icon:    filepath.Join(d.Root, filepath.FromSlash(p.Icon)),
		Tables:  tables,
		Exe:     exe,
		Arch:    arch,
		Version: *d.Version,
		Out:     filepath.Join(d.OutDir, p.MSIName(d.Version.Version, string(arch))),
		Signer:  d.Signer,
	}
	files := append([]string{exe}, tables...)
	for _, f := range p.WrapFiles(string(arch)) {
		files = append(files, f.Source) // a wrapped product's files are packaged as they are
	}
	if p.File() != "" {
		files = append(files, p.File()) // the .wxs's variables come from it
	}
	key, err := inputsKey(opts, files...)
	if err != nil {
		return "", err
	}
	keyFile := filepath.Join(work, "inputs.sha256")
	if upToDate(opts.Out, keyFile, key) {
		fmt.Fprintf(d.Log, "msi: %s up to date\n", filepath.Base(opts.Out))
		return opts.Out, nil
	}
	if d.Signer != nil {
		signed := filepath.Join(work, "signed", p.ExeName())
		if err := os.MkdirAll(filepath.Dir(signed), 0o755); err != nil {
			return "", err
		}
		if err := atomicfile.Copy(exe, signed); err != nil {
			return "", err
		}
		if err := SignerFor(d.Signer, p).File(ctx, signed); err != nil {
			return "", err
		}
		opts.Exe = signed
	}
	if err := Build(ctx, opts); err != nil {
		return "", err
	}
	if err := atomicfile.Write(keyFile, []byte(key)); err != nil {
		return "", err
	}
	fi, err := os.Stat(opts.Out)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(d.Log, "msi: %s %.1f MB in %.1fs\n", filepath.Base(opts.Out), float64(fi.Size())/1e6, time.Since(start).Seconds())
	return opts.Out, nil
}
