package dist

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/svcpack/svcpack/internal/childenv"
	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/progress"
	"github.com/svcpack/svcpack/packaging/internal/sign"
	"github.com/svcpack/svcpack/packaging/internal/version"
)

// Dir is goreleaser's output directory, as .goreleaser.yaml's dist: names it.
const Dir = "dist"

// Options say how Run builds. Zero values take the defaults.
type Options struct {
	Root string // the repository; default "."
	// Signer is what the hook will sign with: it reads the same environment
	// (sign.FromEnv). Run checks the signing tools for it and says which.
	Signer     *sign.Signer
	Goreleaser string    // the goreleaser binary; default: Goreleaser's
	Log        io.Writer // progress lines; default os.Stderr
}

// Run is `mage dist`: goreleaser's snapshot of .goreleaser.yaml (`goreleaser
// release --snapshot`), named and stamped with the version, commit and commit
// time packaging/internal/version derives from git (snapshotEnv).
// It makes dist/: the exes, the zips, the MSIs and deployment.json (the
// `svcpack msi` post-build hook), the policy template and the channels (.intunewin, winget,
// .nupkg: the other post-build hooks), checksums.txt over all but the exes,
// and goreleaser's own metadata. The previous dist/ is replaced only when the run
// succeeds; a failed run leaves it as it was, and nothing of its own.
// dist/smoke (`mage smokeMSIs`) and dist/.build (`mage msi`) are kept.
func Run(ctx context.Context, o Options) error {
	start := time.Now()
	if o.Root == "" {
		o.Root = "."
	}
	if o.Log == nil {
		o.Log = os.Stderr
	}
	v, err := version.Detect(ctx, o.Root)
	if err != nil {
		return fmt.Errorf("dist: version: %w", err)
	}
	fmt.Fprintf(o.Log, "dist: %s (ProductVersion %s) with goreleaser's snapshot of .goreleaser.yaml; %s\n",
		v.Version, v.MSI, sign.Status(o.Signer))
	// goreleaser runs a hook per build at once, and the hooks (svcpack's
	// commands) only check their tools: mage installs them before it starts.
	tools := deps.MSI
	if o.Signer != nil {
		tools = append(append([]deps.Tool{}, tools...), deps.Sign...)
	}
	if err := deps.Ensure(ctx, tools...); err != nil {
		return fmt.Errorf("dist: %w", err)
	}
	gr := o.Goreleaser
	if gr == "" {
		if gr, err = Goreleaser(ctx, o.Root, o.Log); err != nil {
			return fmt.Errorf("dist: %w", err)
		}
	}
	aside, err := asidePath(ctx, o.Root)
	if err != nil {
		return fmt.Errorf("dist: %w", err)
	}
	out := filepath.Join(o.Root, Dir)
	s, err := begin(out, aside, o.Log)
	if err != nil {
		return fmt.Errorf("dist: %w", err)
	}
	err = snapshot(ctx, o.Root, gr, v, o.Log)
	if err == nil {
		err = check(out)
	}
	if err == nil {
		err = checkPolicy(o.Root, out, v.Version)
	}
	if err != nil {
		if rerr := s.rollback(); rerr != nil {
			return fmt.Errorf("dist: %w; then, restoring dist/: %v", err, rerr)
		}
		return fmt.Errorf("dist: %w (dist/ is as it was before this run)", err)
	}
	if err := s.commit(); err != nil {
		return fmt.Errorf("dist: %w", err)
	}
	fmt.Fprintf(o.Log, "dist: exes, zips, MSIs, checksums.txt, %s, the policy template, the channels (.intunewin, winget, .nupkg) and goreleaser's metadata in dist/ in %.1fs\n",
		deploy.FileName, time.Since(start).Seconds())
	return nil
}

// snapshot runs `goreleaser release --snapshot` in root, its output streamed
// to log. Without --clean: dist/ was moved aside, and anything there now is
// not goreleaser's to delete.
func snapshot(ctx context.Context, root, goreleaser string, v version.Info, log io.Writer) error {
	return progress.Heartbeat(log, progress.QuietLimit, "dist: goreleaser is still working", func(w io.Writer) error {
		cmd := childenv.Command(ctx, goreleaser, "release", "--snapshot")
		cmd.Dir = root
		cmd.Env = childenv.WithSigning(snapshotEnv(v)...) // its post-build hook, svcpack msi, signs
		cmd.Stdout, cmd.Stderr = w, w
		// Stopped, goreleaser must take its hooks (go tool svcpack, wixl) with it
		// before dist/ is restored.
		ownProcessGroup(cmd)
		cmd.WaitDelay = 5 * time.Second
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("goreleaser release --snapshot (.goreleaser.yaml; its output is above): %w", err)
		}
		return nil
	})
}

// snapshotEnv is the build's identity as packaging/internal/version reads it from git,
// in the variables .goreleaser.yaml prefers to its own git reading: a
// snapshot in a checkout without a remote (a git worktree, a fresh git init)
// gets no commit or commit time from goreleaser, and its exes and MSIs would
// be stamped "none" and the year 1.
func snapshotEnv(v version.Info) []string {
	env := []string{
		version.EnvVersion + "=" + v.Version,
		version.EnvEpoch + "=" + strconv.FormatInt(v.Time.Unix(), 10),
		"SVCPACK_DATE=" + v.Time.UTC().Format(time.RFC3339),
	}
	if v.Commit != "" {
		env = append(env, "SVCPACK_COMMIT="+v.Commit)
	}
	return env
}

// check makes sure the run made what a release needs: an MSI per arch in
// deployment.json, each and deployment.json itself covered by checksums.txt.
func check(out string) error {
	m, err := deploy.Read(filepath.Join(out, deploy.FileName))
	if err != nil {
		return err
	}
	sums, err := os.ReadFile(filepath.Join(out, "checksums.txt"))
	if err != nil {
		return err
	}
	covers := func(sum, name string) bool { return strings.Contains(string(sums), sum+"  "+name+"\n") }
	for _, arch := range msi.Arches {
		i := slices.IndexFunc(m.Packages, func(p deploy.Package) bool { return p.Arch == string(arch) })
		if i < 0 {
			return fmt.Errorf("%s has no MSI for windows/%s", deploy.FileName, arch)
		}
		if p := m.Packages[i]; !covers(p.SHA256, p.File) {
			return fmt.Errorf("checksums.txt does not cover %s with sha256 %s", p.File, p.SHA256)
		}
	}
	b, err := os.ReadFile(filepath.Join(out, deploy.FileName))
	if err != nil {
		return err
	}
	if sum := sha256.Sum256(b); !covers(hex.EncodeToString(sum[:]), deploy.FileName) {
		return fmt.Errorf("checksums.txt does not cover %s", deploy.FileName)
	}
	return nil
}
