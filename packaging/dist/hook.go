package dist

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/svcpack/svcpack/packaging/deploy"
	"github.com/svcpack/svcpack/packaging/deps"
	"github.com/svcpack/svcpack/packaging/msi"
	"github.com/svcpack/svcpack/packaging/product"
	"github.com/svcpack/svcpack/packaging/sign"
	"github.com/svcpack/svcpack/packaging/version"
)

// HookOptions are what goreleaser knows about one build (see .goreleaser.yaml).
type HookOptions struct {
	Root    string    // the repository; default "."
	Exe     string    // the exe goreleaser built
	Arch    string    // its GOARCH
	Dist    string    // the output directory
	Version string    // goreleaser's .Version, which the exe is stamped with
	Commit  string    // full commit hash
	Time    time.Time // commit time: the MSI's timestamps
	Signer  *sign.Signer
	Log     io.Writer // default os.Stderr
}

// Hook signs the exe in place when a Signer is given (so the zip holds the
// signed exe too), packages it as Dist/<name>_<version>_<arch>.msi (the
// product file at Root says the name, the .wxs and the icon) with
// packaging/msi (fixups, lint, MSI signature) and adds the MSI to
// Dist/deployment.json, with the product's policy section when it has one
// (the template itself is the policy stage's, a hook of its own).
func Hook(ctx context.Context, o HookOptions) error {
	if err := hook(ctx, o); err != nil {
		return fmt.Errorf("msi for windows/%s: %w", o.Arch, err)
	}
	return nil
}

func hook(ctx context.Context, o HookOptions) error {
	start := time.Now()
	if o.Root == "" {
		o.Root = "."
	}
	if o.Log == nil {
		o.Log = os.Stderr
	}
	arch, err := msi.ParseArch(o.Arch)
	if err != nil {
		return err
	}
	// The build's identity passes the checks `svcpack msi` applies to its
	// flags, before anything is signed or written: goreleaser says "none"
	// and 0001-01-01 when it found no commit.
	v, err := version.Parse(o.Version)
	if err != nil {
		return err
	}
	if err := version.CheckCommit(o.Commit); err != nil {
		return err
	}
	if err := version.CheckTime(o.Time); err != nil {
		return fmt.Errorf("commit %w", err)
	}
	v.Commit, v.Time = o.Commit, o.Time.UTC()
	// Three hooks run at once, so they must not race to apt-get: Run (or the
	// release workflow) installs the tools before goreleaser starts.
	// The signer's own list: a PKCS#11 signer also needs OpenSSL's engine,
	// a file, not a command.
	tools := deps.MSI
	if o.Signer != nil {
		tools = append(append([]deps.Tool{}, tools...), o.Signer.Tools()...)
	}
	if err := checkTools(tools); err != nil {
		return err
	}
	p, err := product.Load(filepath.Join(o.Root, product.FileName))
	if err != nil {
		return err
	}
	signer := msi.SignerFor(o.Signer, p)
	if signer != nil {
		if err := signer.File(ctx, o.Exe); err != nil {
			return err
		}
	}
	tables, err := filepath.Glob(filepath.Join(o.Root, "wix", "*.idt"))
	if err != nil {
		return err
	}
	out := filepath.Join(o.Dist, p.MSIName(v.Version, string(arch)))
	db, err := msi.BuildRead(ctx, msi.Options{
		WXS:     filepath.Join(o.Root, p.WXS),
		Icon:    filepath.Join(o.Root, p.Icon),
		Tables:  tables,
		Exe:     o.Exe,
		Arch:    arch,
		Version: v,
		Out:     out,
		Signer:  signer,
		Product: p,
	})
	if err != nil {
		return err
	}
	pkg, err := deploy.DescribeDB(ctx, db, v.Version)
	if err != nil {
		return err
	}
	pkg = deploy.WithProduct(pkg, p)
	if err := deploy.Add(filepath.Join(o.Dist, deploy.FileName), pkg); err != nil {
		return err
	}
	if len(p.Policy) > 0 {
		if err := deploy.SetPolicy(filepath.Join(o.Dist, deploy.FileName), manifestPolicy(p, v.Version)); err != nil {
			return err
		}
	}
	fmt.Fprintf(o.Log, "msi: %s %.1f MB, ProductCode %s, in %.1fs\n", pkg.File, float64(pkg.Size)/1e6, pkg.ProductCode, time.Since(start).Seconds())
	return nil
}

// checkTools names the Debian packages whose commands or files are missing.
func checkTools(tools []deps.Tool) error { return deps.Check(tools...) }
