package wine

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/svcpack/svcpack/internal/childenv"
)

// run runs cmd and returns its combined output. Output goes through a file,
// not a pipe: Wine's boot processes (services.exe, winedevice.exe) and an
// implicitly started wineserver inherit the command's stdout and outlive it,
// so reading a pipe to EOF would wait for the wineserver to exit.
func run(cmd *exec.Cmd) (string, error) {
	f, err := os.CreateTemp("", "svcpack-wine-out-")
	if err != nil {
		return "", fmt.Errorf("create output file for %s: %w", cmd.Path, err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	cmd.Stdout = f
	cmd.Stderr = f
	runErr := cmd.Run()
	out, err := os.ReadFile(f.Name())
	if err != nil {
		return "", fmt.Errorf("read output of %s: %w", cmd.Path, err)
	}
	text := strings.TrimSpace(strings.ReplaceAll(string(out), "\r\n", "\n"))
	if runErr != nil {
		return text, fmt.Errorf("%s: %w: %s", strings.Join(cmd.Args, " "), runErr, text)
	}
	return text, nil
}

// runIn runs name with args in env and returns its combined output.
func runIn(ctx context.Context, env []string, name string, args ...string) (string, error) {
	cmd := childenv.Command(ctx, name, args...)
	cmd.Env = env
	return run(cmd)
}
