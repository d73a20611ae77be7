package dist

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/svcpack/svcpack/packaging/deploy"
	"github.com/svcpack/svcpack/packaging/deps"
	"github.com/svcpack/svcpack/packaging/msi"
	"github.com/svcpack/svcpack/packaging/sign"
	"github.com/svcpack/svcpack/packaging/version"
)

// Options say how Run builds. Zero values take the defaults.
type Options struct {
	Root   string       // the repository; default "."
	Signer *sign.Signer // nil: unsigned; see sign.FromEnv
	Log    io.Writer    // progress lines; default os.Stderr
}

// Run makes Root/dist as a goreleaser release of .goreleaser.yaml lays it out
// — hellosvc.exe for windows amd64, 386 and arm64 (built once each, with the
// same flags), the MSI of each made from that exe by Hook, the zips,
// checksums.txt over zips, MSIs and deployment.json — but without goreleaser:
// goreleaser's fixed costs (start-up, BestCompression zips, a hook process
// per build) would double the time of a plain go build. When nothing that
// goes in has changed since the last run and its files are intact, Run does
// no build work at all. dist/smoke (`mage smokeMSIs`) is left alone.
func Run(ctx context.Context, o Options) error {
	start := time.Now()
	if o.Root == "" {
		o.Root = "."
	}
	if o.Log == nil {
		o.Log = os.Stderr
	}
	out := filepath.Join(o.Root, "dist")
	v, err := version.Detect(ctx, o.Root)
	if err != nil {
		return fmt.Errorf("dist: version: %w", err)
	}
	key, err := inputsKey(ctx, o.Root, v, o.Signer)
	if err != nil {
		return fmt.Errorf("dist: hash the inputs: %w", err)
	}
	if upToDate(out, key) {
		fmt.Fprintf(o.Log, "dist: hellosvc %s up to date in dist/ (%s)\n", v.Version, sign.Status(o.Signer))
		return nil
	}
	fmt.Fprintf(o.Log, "dist: hellosvc %s (ProductVersion %s); %s\n", v.Version, v.MSI, sign.Status(o.Signer))
	tools := deps.MSI
	if o.Signer != nil {
		tools = append(append([]deps.Tool{}, tools...), deps.Sign...)
	}
	if err := deps.Ensure(ctx, tools...); err != nil {
		return fmt.Errorf("dist: %w", err)
	}
	if err := clean(out); err != nil {
		return fmt.Errorf("dist: clean dist/: %w", err)
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for _, arch := range msi.Arches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := buildArch(ctx, o, out, arch, v); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		return fmt.Errorf("dist: %w", errs[0])
	}
	if err := writeChecksums(out); err != nil {
		return fmt.Errorf("dist: checksums.txt: %w", err)
	}
	if err := check(out, v); err != nil {
		return fmt.Errorf("dist: %w", err)
	}
	n, err := writeStamp(out, key)
	if err != nil {
		return fmt.Errorf("dist: record what was built: %w", err)
	}
	fmt.Fprintf(o.Log, "dist: %d files in dist/ (exes, zips, MSIs, checksums.txt, %s) in %.1fs\n", n, deploy.FileName, time.Since(start).Seconds())
	return nil
}

// buildArch is one build of .goreleaser.yaml and its post-build hook, with
// the build's zip made meanwhile (after the signature, when signing).
func buildArch(ctx context.Context, o Options, out string, arch msi.Arch, v version.Info) error {
	start := time.Now()
	exe := filepath.Join(out, binaryDir(arch), "hellosvc.exe")
	if err := goBuild(ctx, o.Root, exe, arch, v); err != nil {
		return err
	}
	zipName := fmt.Sprintf("hellosvc_%s_windows_%s.zip", v.Version, arch)
	zipErr := make(chan error, 1)
	makeZip := func() {
		zipErr <- writeZip(filepath.Join(out, zipName), v.Time, map[string]string{
			"hellosvc.exe": exe,
			"README.md":    filepath.Join(o.Root, "README.md"),
		})
	}
	if o.Signer == nil {
		go makeZip()
	}
	err := Hook(ctx, HookOptions{Root: o.Root, Exe: exe, Arch: string(arch), Dist: out,
		Version: v.Version, Commit: v.Commit, Time: v.Time, Signer: o.Signer, Log: io.Discard})
	if o.Signer != nil && err == nil {
		go makeZip()
	}
	if err != nil {
		if o.Signer == nil {
			<-zipErr
		}
		return err
	}
	if err := <-zipErr; err != nil {
		return fmt.Errorf("zip for windows/%s: %w", arch, err)
	}
	fmt.Fprintf(o.Log, "dist: windows/%s: exe, hellosvc_%s_%s.msi, %s in %.1fs\n", arch, v.Version, arch, zipName, time.Since(start).Seconds())
	return nil
}

// clean empties dist/ but for what other targets keep there.
func clean(out string) error {
	entries, err := os.ReadDir(out)
	if os.IsNotExist(err) {
		return os.MkdirAll(out, 0o755)
	}
	if err != nil {
		return err
	}
	keep := []string{"smoke", ".build"} // mage smokeMSIs; mage msi's work tree
	for _, e := range entries {
		if !slices.Contains(keep, e.Name()) {
			if err := os.RemoveAll(filepath.Join(out, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// check makes sure the run made what a release needs: an MSI per arch in
// deployment.json, each covered by checksums.txt.
func check(out string, v version.Info) error {
	m, err := deploy.Read(filepath.Join(out, deploy.FileName))
	if err != nil {
		return err
	}
	sums, err := os.ReadFile(filepath.Join(out, "checksums.txt"))
	if err != nil {
		return err
	}
	for _, arch := range msi.Arches {
		name := fmt.Sprintf("hellosvc_%s_%s.msi", v.Version, arch)
		i := slices.IndexFunc(m.Packages, func(p deploy.Package) bool { return p.File == name })
		if i < 0 {
			return fmt.Errorf("%s has no entry for %s", deploy.FileName, name)
		}
		if !strings.Contains(string(sums), m.Packages[i].SHA256+"  "+name+"\n") {
			return fmt.Errorf("checksums.txt does not cover %s with sha256 %s", name, m.Packages[i].SHA256)
		}
	}
	return nil
}
