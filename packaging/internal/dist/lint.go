package dist

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/svcpack/svcpack/internal/childenv"
)

// EnvVulnDB names another vulnerability database for govulncheck, such as an
// offline mirror: a file:// URL of a directory of OSV files (golang/vulndb's
// data/osv) or an https:// URL.
const EnvVulnDB = "SVCPACK_VULNDB"

// Tools are the host binaries of the tools pinned in tools/go.mod that Lint
// runs (see toolPath in magefile.go).
type Tools struct {
	Goreleaser, Actionlint, Govulncheck string
}

// Lint checks what a release depends on beyond the Go linters:
// .goreleaser.yaml (goreleaser check), .github/workflows (actionlint, which
// also runs shellcheck on run: scripts when shellcheck is installed), and
// known vulnerabilities in the code the module calls (govulncheck).
//
// govulncheck needs its database. Where it cannot be reached (an offline
// machine) Lint says so in one line and goes on, except in CI (CI or
// GITHUB_ACTIONS set), where an unchecked build must not pass.
func Lint(ctx context.Context, root string, t Tools, log io.Writer) error {
	if err := quiet(ctx, root, nil, t.Goreleaser, "check"); err != nil {
		return fmt.Errorf("goreleaser check (.goreleaser.yaml): %w", err)
	}
	if err := quiet(ctx, root, nil, t.Actionlint); err != nil {
		return fmt.Errorf("actionlint (.github/workflows): %w", err)
	}
	args := []string{"./..."}
	db := os.Getenv(EnvVulnDB)
	if db != "" {
		args = append([]string{"-db", db}, args...)
	} else {
		db = "https://vuln.go.dev"
	}
	var err error
	for _, goos := range []string{"linux", "windows"} {
		if err = quiet(ctx, root, []string{"GOOS=" + goos}, t.Govulncheck, args...); err != nil {
			err = fmt.Errorf("GOOS=%s: %w", goos, err)
			break
		}
	}
	switch {
	case err == nil:
		fmt.Fprintf(log, "lint: goreleaser check, actionlint, govulncheck (linux, windows; %s) clean\n", db)
	case strings.Contains(err.Error(), "fetching vulnerabilities") && os.Getenv("CI") == "" && os.Getenv("GITHUB_ACTIONS") == "":
		fmt.Fprintf(log, "lint: goreleaser check, actionlint clean; govulncheck NOT RUN: %s unreachable (offline? set %s=file:///path/to/vulndb/data/osv); CI runs it\n", db, EnvVulnDB)
	default:
		return fmt.Errorf("govulncheck (database %s): %w", db, err)
	}
	return nil
}

// quiet runs a command and returns its output in the error when it fails.
func quiet(ctx context.Context, dir string, env []string, name string, args ...string) error {
	var out bytes.Buffer
	cmd := childenv.Command(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = childenv.Environ(env...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%w\n%s", err, strings.TrimSpace(out.String()))
	}
	return nil
}
