package msi

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/svcpack/svcpack/packaging/deps"
	"github.com/svcpack/svcpack/packaging/sign"
	"github.com/svcpack/svcpack/packaging/version"
)

// DistOptions say what Dist builds. Zero values take the defaults.
type DistOptions struct {
	Root    string        // the repository; default "."
	OutDir  string        // default Root/dist
	Arches  []Arch        // default Arches (amd64, 386, arm64)
	Version *version.Info // default version.Detect(Root) (git describe, commit time; SVCPACK_VERSION, SOURCE_DATE_EPOCH)
	Signer  *sign.Signer  // nil: unsigned; see sign.FromEnv
	Log     io.Writer     // progress lines; default os.Stderr
}

// Dist writes OutDir/hellosvc_<version>_<arch>.msi for each arch: it builds
// hellosvc.exe, signs it, packages it with Build (fixups, lint, signature).
// An MSI whose inputs have not changed since it was made is left alone.
// Missing Debian tools are installed (root) or named. It returns the MSI paths.
func Dist(ctx context.Context, opts DistOptions) ([]string, error) {
	if opts.Root == "" {
		opts.Root = "."
	}
	if opts.OutDir == "" {
		opts.OutDir = filepath.Join(opts.Root, "dist")
	}
	if len(opts.Arches) == 0 {
		opts.Arches = Arches
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
	fmt.Fprintf(opts.Log, "msi: hellosvc %s (ProductVersion %s); %s\n", opts.Version.Version, opts.Version.MSI, sign.Status(opts.Signer))
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
	exe := filepath.Join(work, "hellosvc.exe")
	if err := BuildExe(ctx, d.Root, "./cmd/hellosvc", exe, arch, *d.Version); err != nil {
		return "", err
	}
	tables, err := filepath.Glob(filepath.Join(d.Root, "wix", "*.idt"))
	if err != nil {
		return "", err
	}
	opts := Options{
		WXS:     filepath.Join(d.Root, "wix", "hellosvc.wxs"),
		Icon:    filepath.Join(d.Root, "wix", "hellosvc.ico"),
		Tables:  tables,
		Exe:     exe,
		Arch:    arch,
		Version: *d.Version,
		Out:     filepath.Join(d.OutDir, fmt.Sprintf("hellosvc_%s_%s.msi", d.Version.Version, arch)),
		Signer:  d.Signer,
	}
	key, err := inputsKey(opts, append([]string{exe}, tables...)...)
	if err != nil {
		return "", err
	}
	keyFile := filepath.Join(work, "inputs.sha256")
	if upToDate(opts.Out, keyFile, key) {
		fmt.Fprintf(d.Log, "msi: %s up to date\n", filepath.Base(opts.Out))
		return opts.Out, nil
	}
	if d.Signer != nil {
		signed := filepath.Join(work, "signed", "hellosvc.exe")
		if err := os.MkdirAll(filepath.Dir(signed), 0o755); err != nil {
			return "", err
		}
		if err := copyFile(exe, signed); err != nil {
			return "", err
		}
		if err := d.Signer.File(ctx, signed); err != nil {
			return "", err
		}
		opts.Exe = signed
	}
	if err := Build(ctx, opts); err != nil {
		return "", err
	}
	if err := os.WriteFile(keyFile, []byte(key), 0o644); err != nil {
		return "", err
	}
	fi, err := os.Stat(opts.Out)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(d.Log, "msi: %s %.1f MB in %.1fs\n", filepath.Base(opts.Out), float64(fi.Size())/1e6, time.Since(start).Seconds())
	return opts.Out, nil
}
