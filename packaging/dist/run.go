package dist

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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

// Run makes Root/dist with goreleaser (a snapshot: nothing is published):
// hellosvc.exe for windows amd64, 386 and arm64, their zips, the MSIs (made
// by Hook inside the same run), checksums.txt over zips, MSIs and
// deployment.json. When nothing that goes in has changed since the last run
// and its files are intact, Run does no build work at all.
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
	goreleaser, err := goreleaserPath(ctx, o)
	if err != nil {
		return err
	}
	if err := runGoreleaser(ctx, o, goreleaser, v); err != nil {
		return err
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

// goreleaserPath builds goreleaser from tools/go.mod for the host (once per
// Go build cache; minutes the first time, as it is a large program).
func goreleaserPath(ctx context.Context, o Options) (string, error) {
	start := time.Now()
	path, err := output(ctx, o.Root, "go", "tool", "-n", "-modfile=tools/go.mod", "goreleaser")
	if err != nil {
		return "", fmt.Errorf("dist: build goreleaser from tools/go.mod: %w", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		fmt.Fprintf(o.Log, "dist: built goreleaser from tools/go.mod in %.0fs (cached from now on)\n", d.Seconds())
	}
	return path, nil
}

// runGoreleaser runs the snapshot release. goreleaser's own log goes to a
// file; the terminal gets one line per step and the hooks' MSI lines.
func runGoreleaser(ctx context.Context, o Options, goreleaser string, v version.Info) error {
	logFile, err := os.CreateTemp("", "svcpack-goreleaser-*.log")
	if err != nil {
		return err
	}
	defer logFile.Close()
	cmd := exec.CommandContext(ctx, goreleaser, "release", "--snapshot", "--clean")
	cmd.Dir = o.Root
	cmd.Env = goreleaserEnv(os.Environ(), v, o.Signer)
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("dist: start goreleaser: %w", err)
	}
	done := make(chan []string)
	go func() { done <- relay(pr, logFile, o.Log) }()
	err = cmd.Wait()
	pw.Close()
	tail := <-done
	if err != nil {
		return fmt.Errorf("dist: goreleaser: %w\n%s\nfull log: %s", err, strings.Join(tail, "\n"), logFile.Name())
	}
	logFile.Close()
	os.Remove(logFile.Name())
	return nil
}

// steps are goreleaser's top-level log lines worth a progress line.
var steps = map[string]string{
	"building binaries":     "go build hellosvc.exe for windows/amd64, 386, arm64; each then becomes an MSI",
	"archives":              "zips",
	"calculating checksums": "checksums.txt",
}

// relay copies goreleaser's output to log, prints the progress lines to w,
// and returns the last lines (what a failure is explained by).
func relay(r io.Reader, log io.Writer, w io.Writer) []string {
	var tail []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(log, line)
		tail = append(tail, line)
		if len(tail) > 15 {
			tail = tail[1:]
		}
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "  • ") && steps[trimmed[len("• "):]] != "":
			fmt.Fprintf(w, "dist: %s\n", steps[trimmed[len("• "):]])
		case strings.Contains(line, "│ msi: ") || strings.Contains(line, "│ hook: "):
			_, msg, _ := strings.Cut(line, "│ ")
			fmt.Fprintln(w, msg)
		}
	}
	io.Copy(io.Discard, r) // a line longer than the scanner's buffer must not block goreleaser
	return tail
}

// goreleaserEnv hands goreleaser and its hooks the build's identity as
// packaging/version derived it (.goreleaser.yaml reads these), and the
// signer, or no signer.
func goreleaserEnv(env []string, v version.Info, s *sign.Signer) []string {
	drop := []string{"SVCPACK_VERSION", "SVCPACK_COMMIT", "SVCPACK_DATE", "SOURCE_DATE_EPOCH",
		sign.EnvPFX, sign.EnvPassword, sign.EnvTimestamp}
	env = slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		return slices.Contains(drop, k)
	})
	env = append(env,
		"SVCPACK_VERSION="+v.Version,
		"SVCPACK_COMMIT="+v.Commit,
		"SVCPACK_DATE="+v.Time.UTC().Format(time.RFC3339),
		"SOURCE_DATE_EPOCH="+strconv.FormatInt(v.Time.Unix(), 10),
	)
	if s != nil {
		pfx, err := filepath.Abs(s.PFX)
		if err != nil {
			pfx = s.PFX
		}
		env = append(env, sign.EnvPFX+"="+pfx, sign.EnvPassword+"="+s.Password, sign.EnvTimestamp+"="+s.TimestampURL)
	}
	return env
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
			return fmt.Errorf("%s has no entry for %s: did goreleaser's post-build hook run?", deploy.FileName, name)
		}
		if !strings.Contains(string(sums), m.Packages[i].SHA256+"  "+name+"\n") {
			return fmt.Errorf("checksums.txt does not cover %s with sha256 %s", name, m.Packages[i].SHA256)
		}
	}
	return nil
}
