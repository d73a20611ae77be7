package wine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// RestartServer replaces the prefix's wineserver with a persistent one and
// boots the prefix in it. A wineserver that Wine starts implicitly exits soon
// after its last client (Debian's wrapper even passes -p0) and takes the SCM
// and every service with it; a persistent one lives until Close. Restarting
// is also how a test makes Wine's SCM flush deleted services' registry keys.
func (p *Prefix) RestartServer(ctx context.Context) error {
	if err := p.stopServer(ctx); err != nil {
		return err
	}
	// -p without a timeout: persist until killed. The server daemonises; its
	// stdio is /dev/null so it holds no pipe of ours open.
	if _, err := run(p.command(ctx, p.Env(), "wineserver", "-p")); err != nil {
		return fmt.Errorf("start persistent wineserver: %w", err)
	}
	// Boot now, with stdio on a file, so services.exe and winedevice.exe do
	// not start later inheriting some caller's pipe (go test's, for one).
	if _, err := p.Run(ctx, "wineboot"); err != nil {
		return fmt.Errorf("boot prefix: %w", err)
	}
	return nil
}

// stopServer kills the prefix's wineserver, if any, and waits until it has
// exited, so the prefix directory can be removed safely.
func (p *Prefix) stopServer(ctx context.Context) error {
	// wineserver -k fails when no server runs; that is the state we want, and
	// -w (which succeeds when there is no server) is the real check.
	_, _ = run(p.command(ctx, p.Env(), "wineserver", "-k"))
	if _, err := run(p.command(ctx, p.Env(), "wineserver", "-w")); err != nil {
		return fmt.Errorf("wait for the wineserver of %s to exit: %w", p.dir, err)
	}
	return nil
}

// removeServerDir removes the wineserver's socket directory of a stopped
// server. Debian's Wine makes one per prefix, $TMPDIR/wine-XXXXXX, names it
// in the prefix's "wineserver" file, and never removes it: without this,
// every test run would leave one behind.
func (p *Prefix) removeServerDir() error {
	name, err := os.ReadFile(filepath.Join(p.dir, "wineserver"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil // no server ever ran, or an upstream Wine that uses /tmp/.wine-UID
	}
	if err != nil {
		return fmt.Errorf("find the wineserver directory of %s: %w", p.dir, err)
	}
	base := strings.TrimSpace(string(name))
	if !strings.HasPrefix(base, "wine-") || strings.ContainsAny(base, `/\`) {
		return fmt.Errorf("find the wineserver directory of %s: unexpected name %q in its wineserver file", p.dir, base)
	}
	if err := os.RemoveAll(filepath.Join(os.TempDir(), base)); err != nil {
		return fmt.Errorf("remove the wineserver directory of %s: %w", p.dir, err)
	}
	return nil
}
