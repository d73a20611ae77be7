package smoke

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/svcpack/svcpack/packaging/msi"
	"github.com/svcpack/svcpack/packaging/version"
)

// Environment of the Windows tests.
const (
	EnvDir  = "SVCPACK_SMOKE_DIR"  // the directory of test packages (required)
	EnvLogs = "SVCPACK_SMOKE_LOGS" // a directory to keep every msiexec log in (optional)
)

// The versions BuildMSIs packages (see the package doc for their roles).
// Majors stay below 128: Wine's FindRelatedProducts misreads larger ones.
const (
	v1   = "1.0.0"
	v2   = "1.1.0"
	devA = "1.2.0-1-gaaaaaaa"
	devB = "1.2.0-1-gbbbbbbb"
)

var versions = []string{v1, v2, devA, devB}

// argvDumpMSI is the v1 package with ./packaging/smoke/argvdump in place of
// hellosvc.exe: the same tables and custom actions, a program that records
// how it was called (TestNoPropertyReachesACommandLine).
const argvDumpMSI = "argvdump_1.0.0_amd64.msi"

// msiName is the file name msi.Dist gives an amd64 package of version v.
func msiName(v string) string { return fmt.Sprintf("hellosvc_%s_amd64.msi", v) }

// BuildOptions say where BuildMSIs works.
type BuildOptions struct {
	Root   string    // the repository; default "."
	OutDir string    // default Root/dist/smoke
	Log    io.Writer // one progress line; default os.Stderr
}

// BuildMSIs writes the smoke suite's packages into OutDir and returns their
// paths. They are unsigned and stamped with a fixed commit and time, so an
// unchanged source is not rebuilt (msi.Dist's up-to-date check).
func BuildMSIs(ctx context.Context, opts BuildOptions) ([]string, error) {
	if opts.Root == "" {
		opts.Root = "."
	}
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
		return nil, fmt.Errorf("smoke MSIs: %w", err)
	}
	start := time.Now()
	var outs []string
	for _, v := range versions {
		info, err := version.Parse(v)
		if err != nil {
			return nil, fmt.Errorf("smoke MSIs: %w", err)
		}
		info.Commit = "0000000000000000000000000000000000000000"
		info.Time = time.Unix(1700000000, 0).UTC()
		built, err := msi.Dist(ctx, msi.DistOptions{
			Root:    opts.Root,
			OutDir:  filepath.Join(work, v),
			Arches:  []msi.Arch{msi.AMD64},
			Version: &info,
			Log:     io.Discard,
		})
		if err != nil {
			return nil, fmt.Errorf("smoke MSIs: %w", err)
		}
		out := filepath.Join(opts.OutDir, msiName(v))
		if filepath.Base(built[0]) != msiName(v) {
			return nil, fmt.Errorf("smoke MSIs: msi.Dist wrote %s, want %s", built[0], msiName(v))
		}
		if err := copyIfChanged(built[0], out); err != nil {
			return nil, fmt.Errorf("smoke MSIs: %w", err)
		}
		outs = append(outs, out)
	}
	dump, err := buildArgvDump(ctx, opts.Root, work, filepath.Join(opts.OutDir, argvDumpMSI))
	if err != nil {
		return nil, fmt.Errorf("smoke MSIs: %w", err)
	}
	outs = append(outs, dump)
	fmt.Fprintf(opts.Log, "smoke: %d test MSIs (%s, argvdump) in %s, %.1fs\n", len(outs), strings.Join(versions, ", "), opts.OutDir, time.Since(start).Seconds())
	return outs, nil
}

// buildArgvDump packages the argv recorder as v1 of hellosvc, from the same
// wix/ sources msi.Dist uses.
func buildArgvDump(ctx context.Context, root, work, out string) (string, error) {
	info, err := version.Parse(v1)
	if err != nil {
		return "", err
	}
	info.Commit = "0000000000000000000000000000000000000000"
	info.Time = time.Unix(1700000000, 0).UTC()
	dir := filepath.Join(work, "argvdump")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	exe := filepath.Join(dir, "hellosvc.exe")
	if err := msi.BuildExe(ctx, root, "./packaging/smoke/argvdump", exe, msi.AMD64, info); err != nil {
		return "", err
	}
	tables, err := filepath.Glob(filepath.Join(root, "wix", "*.idt"))
	if err != nil {
		return "", err
	}
	err = msi.Build(ctx, msi.Options{
		WXS:     filepath.Join(root, "wix", "hellosvc.wxs"),
		Icon:    filepath.Join(root, "wix", "hellosvc.ico"),
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
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	tmp := dst + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	if err := os.Chtimes(tmp, si.ModTime(), si.ModTime()); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}
