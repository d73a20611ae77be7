package manage

import (
	"fmt"
	"time"
)

// uninstall stops the service if it runs, deletes it and removes its event
// log source. %ProgramData%\<Name> stays on purpose: it holds the
// administrator's config and logs, which a reinstall or upgrade should find.
//
// It deletes only this program's service: one whose ImagePath runs another
// program is refused (ForeignService) before anything is stopped.
//
// A service that does not exist is an error (SCMError, "open service …: The
// specified service does not exist…"): a script that misspelt the name or ran
// on the wrong machine should hear so. Callers that want idempotence test for
// the service first; the MSI removes its service itself.
func uninstall(e env, name, specExe string, timeout time.Duration) error {
	exes, err := owners(e, specExe)
	if err != nil {
		return err
	}
	err = withService(e, name, uninstallAccess, func(h scHandle) error {
		if _, _, err := ownedService(e, h, "uninstall", name, exes); err != nil {
			return err
		}
		if err := stopAndWait(e, h, name, timeout); err != nil {
			return fmt.Errorf("%w; not uninstalled", err)
		}
		if err := e.scm.Delete(h); err != nil {
			return scmError("delete service", name, err, false)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := e.host.RemoveEventSource(name); err != nil {
		return fmt.Errorf("service %q deleted, but removing its event log source failed: %w", name, err)
	}
	_, err = fmt.Fprintf(e.out, "uninstalled service %q; its data in %%ProgramData%%\\%s is kept\n", name, name)
	return err
}
