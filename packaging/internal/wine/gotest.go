package wine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/svcpack/svcpack/internal/childenv"
	"github.com/svcpack/svcpack/packaging/internal/deps"
)

// wrapperPackage is the -exec program GoTest builds for the host.
const wrapperPackage = "github.com/svcpack/svcpack/packaging/internal/wine/cmd/wineexec"

// GoTestOptions says what GoTest runs. The zero value tests ./... of the
// module in the current directory.
type GoTestOptions struct {
	Dir      string   // directory go runs in, inside this module; default: current directory
	Packages []string // package patterns; default: ./...
	Flags    []string // go test flags, e.g. -count=1, -run=Lifecycle, -v
	// Env is extra KEY=VALUE pairs for go test and, through Wine, for the
	// Windows test binaries (e.g. MY_EXE=/abs/path/my.exe; in
	// the test, filepath.Abs of it is the Z:\ path). PATH, TEMP, TMP and
	// HOME do not get through: Wine sets its own.
	Env    []string
	Stdout io.Writer // default os.Stdout
	Stderr io.Writer // default os.Stderr: progress lines and go's errors
}

// GoTest cross-compiles the packages for windows/amd64 and runs their tests
// under Wine: it ensures the Debian packages, makes one throw-away prefix,
// builds the wineexec wrapper, runs `go test -exec wineexec`, and tears the
// prefix down (wineserver killed, directory removed) whatever happens. The
// error is non-nil if any test fails.
func GoTest(ctx context.Context, opts GoTestOptions) (err error) {
	if err := deps.Ensure(ctx, deps.Wine...); err != nil {
		return fmt.Errorf("test under Wine: %w", err)
	}
	stdout, stderr := opts.Stdout, opts.Stderr
	if stdout == nil {
		stdout = os.Stdout
	}
	if stderr == nil {
		stderr = os.Stderr
	}
	tmp, err := os.MkdirTemp("", "svcpack-wine-")
	if err != nil {
		return fmt.Errorf("test under Wine: %w", err)
	}
	defer func() {
		if rerr := os.RemoveAll(tmp); rerr != nil && err == nil {
			err = fmt.Errorf("remove Wine test directory: %w", rerr)
		}
	}()

	fmt.Fprintf(stderr, "wine: making prefix in %s\n", tmp)
	prefix, err := NewPrefix(ctx, filepath.Join(tmp, "prefix"), OwnNetwork)
	if err != nil {
		return fmt.Errorf("test under Wine: %w", err)
	}
	fmt.Fprintf(stderr, "wine: the prefix runs on %s\n", prefix.Network())
	defer func() {
		if cerr := prefix.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("test under Wine: %w", cerr)
		}
	}()

	wrapper := filepath.Join(tmp, "wineexec")
	if err := buildWrapper(ctx, opts.Dir, wrapper); err != nil {
		return fmt.Errorf("test under Wine: %w", err)
	}
	return goTestIn(ctx, prefix, wrapper, opts, stdout, stderr)
}

// buildWrapper builds wineexec for the host (GOOS/GOARCH cleared, whatever
// the caller's environment says) into out.
func buildWrapper(ctx context.Context, dir, out string) error {
	cmd := childenv.Command(ctx, "go", "build", "-o", out, wrapperPackage)
	cmd.Dir = dir
	cmd.Env = childenv.Environ("GOOS=", "GOARCH=", "CGO_ENABLED=0")
	if _, err := run(cmd); err != nil {
		return fmt.Errorf("build the Wine exec wrapper: %w", err)
	}
	return nil
}

// goTestIn runs go test for windows/amd64 with wrapper as -exec in prefix,
// streaming its output.
func goTestIn(ctx context.Context, prefix *Prefix, wrapper string, opts GoTestOptions, stdout, stderr io.Writer) error {
	pkgs := opts.Packages
	if len(pkgs) == 0 {
		pkgs = []string{"./..."}
	}
	args := append(append([]string{"test", "-exec", wrapper}, opts.Flags...), pkgs...)
	cmd := childenv.Command(ctx, "go", args...)
	cmd.Dir = opts.Dir
	cmd.Env = append(append(prefix.Env(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0"), opts.Env...)
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("go test (windows/amd64 under Wine) %s: tests failed (%v)", strings.Join(pkgs, " "), err)
		}
		return fmt.Errorf("go test (windows/amd64 under Wine) %s: %w", strings.Join(pkgs, " "), err)
	}
	return nil
}
