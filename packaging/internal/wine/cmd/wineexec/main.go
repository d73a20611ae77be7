//go:build unix

// Command wineexec runs a windows/amd64 program under Wine in the prefix
// named by WINEPREFIX. It is the -exec program for cross-compiled tests:
//
//	GOOS=windows GOARCH=amd64 go test -exec /path/to/wineexec ./service/...
//
// It replaces itself with the Wine loader (exec, not fork; through nsenter
// into the prefix's network namespace when it has one), so stdin, stdout,
// stderr, signals from go test (timeout SIGQUIT, kill) and the exit status
// are exactly the Windows program's: a failing test fails go test.
//
// wine.GoTest builds it, makes the prefix and sets WINEPREFIX; run by hand,
// point WINEPREFIX at a prefix made by wine.NewPrefix (it has the ProcessPrng
// shim and a persistent wineserver).
package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"

	"github.com/svcpack/svcpack/packaging/internal/wine"
)

// usageExit is outside the range a Go test binary uses (0, 1, 2), so a
// harness problem is not mistaken for a test result.
const usageExit = 125

func main() {
	if len(os.Args) < 2 {
		fail("usage: wineexec program.exe [args...]")
	}
	if os.Getenv("WINEPREFIX") == "" {
		// Without it Wine would use (and maybe create) ~/.wine, which has no
		// shim and whose wineserver is not ours.
		fail("wineexec: WINEPREFIX is not set: run through `go tool mage test`, or set it to a prefix made by wine.NewPrefix")
	}
	loader, err := wine.Loader()
	if err != nil {
		fail("wineexec: " + err.Error())
	}
	env := os.Environ()
	if os.Getenv("WINEDEBUG") == "" {
		env = append(env, "WINEDEBUG=-all")
	}
	// The prefix's network namespace, when it has one (wine.OwnNetwork):
	// the program's services and clients must share it.
	argv, err := wine.EnterArgs(os.Getenv(wine.EnvNetns), append([]string{loader}, os.Args[1:]...)...)
	if err != nil {
		fail("wineexec: " + err.Error())
	}
	path, err := exec.LookPath(argv[0])
	if err != nil {
		fail("wineexec: " + err.Error())
	}
	err = syscall.Exec(path, argv, env)
	fail(fmt.Sprintf("wineexec: exec %s %s: %v", argv[0], os.Args[1], err))
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(usageExit)
}
