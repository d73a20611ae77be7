package wine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"

	"github.com/svcpack/svcpack/internal/childenv"
	"github.com/svcpack/svcpack/service/clip"
)

// Network says whose network a prefix's Windows processes use. Wine gives
// them the host's sockets: two test runs on one machine whose services bind
// the same fixed address (a product's default 127.0.0.1:8080, a good example
// such as 0.0.0.0:8080) would take it from each other.
type Network int

const (
	// OwnNetwork runs every process of the prefix in a network namespace of
	// its own (loopback only) when the host allows one (root, iproute2);
	// otherwise the prefix shares the host's, and Prefix.Network says why.
	// Only code inside the prefix can reach its services then.
	OwnNetwork Network = iota
	// HostNetwork shares the host's network: Linux code can reach the
	// prefix's services (the bench times them from outside).
	HostNetwork
)

// EnvNetns names the network namespace (a path under /run/netns) that
// wineexec enters before it runs a program in the prefix; empty or unset:
// the host's network.
const EnvNetns = "SVCPACK_WINE_NETNS"

// netnsDir is where iproute2 keeps named network namespaces.
const netnsDir = "/run/netns"

// netns is a named network namespace with its loopback up.
type netns struct{ name string }

// newNetns makes a network namespace with a random name, or says why it
// cannot (not root, no iproute2, no permission in a container).
func newNetns(ctx context.Context) (*netns, error) {
	if os.Geteuid() != 0 {
		return nil, fmt.Errorf("not root")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		return nil, fmt.Errorf("no ip command (Debian package iproute2)")
	}
	if _, err := exec.LookPath("nsenter"); err != nil {
		return nil, fmt.Errorf("no nsenter command (Debian package util-linux)")
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	n := &netns{name: "svcpack-" + hex.EncodeToString(b[:])}
	if _, err := runIn(ctx, childenv.Environ(), "ip", "netns", "add", n.name); err != nil {
		return nil, err
	}
	if _, err := runIn(ctx, childenv.Environ(), "ip", "-n", n.name, "link", "set", "lo", "up"); err != nil {
		_ = n.remove(ctx)
		return nil, err
	}
	return n, nil
}

// path is the namespace's file, which nsenter --net takes.
func (n *netns) path() string { return filepath.Join(netnsDir, n.name) }

// remove deletes the namespace; the processes in it must have ended.
func (n *netns) remove(ctx context.Context) error {
	if _, err := runIn(ctx, childenv.Environ(), "ip", "netns", "delete", n.name); err != nil {
		return fmt.Errorf("remove network namespace %s: %w", n.name, err)
	}
	return nil
}

// netnsName is the shape of the names newNetns gives: EnterArgs enters
// nothing else, so a value of EnvNetns from the environment can name
// neither another process's namespace (/proc/N/ns/net) nor a file it
// would make nsenter open.
var netnsName = regexp.MustCompile(`^svcpack-[0-9a-f]{12}$`)

// EnterArgs is the command line that runs argv inside the network namespace
// at path (EnvNetns's value); argv itself when path is empty. nsenter execs
// argv, so its exit status and signals are argv's. A path that is not one
// of the namespaces this package makes is refused.
func EnterArgs(path string, argv ...string) ([]string, error) {
	if path == "" {
		return argv, nil
	}
	if dir, name := filepath.Split(path); dir != netnsDir+"/" || !netnsName.MatchString(name) {
		return nil, fmt.Errorf("%s=%s is not a network namespace of a Wine prefix (expected %s/svcpack- and 12 hex digits)", EnvNetns, clip.Quote(path), netnsDir)
	}
	return nsenterArgs(path, argv), nil
}

// nsenterArgs runs argv inside the network namespace at path, one this
// package made; argv itself when path is empty.
func nsenterArgs(path string, argv []string) []string {
	if path == "" {
		return argv
	}
	return append([]string{"nsenter", "--net=" + path, "--"}, argv...)
}
