package wine

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// exitCode is the exit status of a finished command's error (0 for nil).
func exitCode(t *testing.T, err error) int {
	t.Helper()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("command did not run: %v", err)
	}
	if exit != nil {
		return exit.ExitCode()
	}
	return 0
}

func TestCommandRunsWindowsProgram(t *testing.T) {
	cmd := testPrefix.Command(context.Background(), helloExe, "3")
	cmd.Env = append(cmd.Env, "SVCPACK_PROBE=from-linux")
	out, err := run(cmd)
	if code := exitCode(t, err); code != 3 {
		t.Errorf("exit code = %d, want 3 (err %v)", code, err)
	}
	for _, want := range []string{"hello from windows/amd64", "probe=from-linux", "to stderr"} {
		if !strings.Contains(out, want) {
			t.Errorf("output %q lacks %q", out, want)
		}
	}
}

func TestShimIsWhatMakesGoBinariesStart(t *testing.T) {
	shim := testPrefix.ShimPath("system32")
	aside := shim + ".aside"
	if err := os.Rename(shim, aside); err != nil {
		t.Fatal(err)
	}
	out, err := testPrefix.Run(context.Background(), helloExe, "0")
	if rerr := os.Rename(aside, shim); rerr != nil {
		t.Fatal(rerr)
	}
	if err == nil || !strings.Contains(out, "bcryptprimitives.dll not found") {
		t.Fatalf("without the shim: err %v, output %q; want Go's bcryptprimitives.dll start-up failure", err, out)
	}
	if out, err := testPrefix.Run(context.Background(), helloExe, "0"); err != nil {
		t.Fatalf("with the shim: %v\n%s", err, out)
	}
}

func TestWrapperPassesIOAndExitCode(t *testing.T) {
	cmd := exec.Command(wrapperPath, helloExe, "7", "stdin")
	cmd.Env = append(testPrefix.Env(), "SVCPACK_PROBE=via-wrapper")
	cmd.Stdin = strings.NewReader("typed input")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if code := exitCode(t, err); code != 7 {
		t.Errorf("exit code = %d, want 7 (stderr %q)", code, stderr.String())
	}
	for _, want := range []string{"hello from windows/amd64", "probe=via-wrapper", "stdin=typed input"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout %q lacks %q", stdout.String(), want)
		}
	}
	if !strings.Contains(stderr.String(), "to stderr") {
		t.Errorf("stderr %q lacks %q", stderr.String(), "to stderr")
	}
}

func TestWrapperRefusesWithoutPrefix(t *testing.T) {
	cmd := exec.Command(wrapperPath, helloExe, "0")
	for _, kv := range testPrefix.Env() {
		if !strings.HasPrefix(kv, "WINEPREFIX=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	out, err := cmd.CombinedOutput()
	if code := exitCode(t, err); code != usageExitForTest || !strings.Contains(string(out), "WINEPREFIX is not set") {
		t.Fatalf("exit %d, output %q; want %d and a WINEPREFIX message", code, out, usageExitForTest)
	}
}

// usageExitForTest mirrors cmd/wineexec's usageExit (a main package cannot
// be imported).
const usageExitForTest = 125

// TestOwnNetworkKeepsPortsApart: a prefix made with OwnNetwork binds an
// address the host holds, through Command and through wineexec (go test's
// path), so two runs on one machine never take each other's ports.
func TestOwnNetworkKeepsPortsApart(t *testing.T) {
	if testPrefix.netns == nil {
		// Root with iproute2 must get a namespace; only a host that forbids
		// one (an unprivileged container) runs the prefix on its network.
		denied := strings.Contains(testPrefix.Network(), "not permitted") || strings.Contains(testPrefix.Network(), "Permission denied")
		if os.Geteuid() == 0 && !denied {
			t.Fatalf("the prefix has no network namespace of its own: %s", testPrefix.Network())
		}
		t.Skipf("NOT VERIFIABLE HERE: %s", testPrefix.Network())
	}
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	addr := held.Addr().String()
	direct := testPrefix.Command(context.Background(), helloExe, "0", "listen", addr)
	viaWrapper := exec.Command(wrapperPath, helloExe, "0", "listen", addr)
	viaWrapper.Env = testPrefix.Env()
	for name, cmd := range map[string]*exec.Cmd{"Command": direct, "wineexec": viaWrapper} {
		out, err := run(cmd)
		if err != nil || !strings.Contains(out, "listen=ok") {
			t.Errorf("%s: binding %s, which the host holds: %v\n%s", name, addr, err, out)
		}
	}
}
