package manage

import (
	"errors"
	"fmt"
	"strings"

	"github.com/svcpack/svcpack/service/exitcode"
)

// removeData deletes the service's data directory, %ProgramData%\<name>, with
// the config and logs in it: what uninstall keeps on purpose, removed when the
// administrator asks (the MSI runs this on uninstall with REMOVEDATA=1).
//
// It removes exactly that directory: the name must be one plain folder name,
// and links inside are removed, not followed. It refuses while the service
// runs: the log file is open, and a half-removed directory would leave a
// running service without its config. A directory that is not there is
// success, so running it again after a partial failure finishes the job.
func removeData(e env, name string) error {
	if err := plainFolderName(name); err != nil {
		return fmt.Errorf("remove data: %w", err)
	}
	if err := refuseIfRunning(e, name); err != nil {
		return err
	}
	root, err := e.host.DataRoot()
	if err != nil {
		return fmt.Errorf("remove data: find ProgramData: %w", err)
	}
	if !isAbsWindowsPath(root) {
		return fmt.Errorf("remove data: ProgramData is %q, not an absolute path", root)
	}
	dir := strings.TrimRight(root, `\/`) + `\` + name
	existed, err := e.host.RemoveTree(dir)
	if errors.Is(err, errAccessDenied) {
		// The directory's ACL lets only SYSTEM and Administrators delete.
		return exitcode.Wrap(exitcode.NotAdmin, fmt.Errorf("remove data directory %s: %w (run as administrator)", dir, err))
	}
	if err != nil {
		return fmt.Errorf("remove data directory %s: %w", dir, err)
	}
	if !existed {
		_, err = fmt.Fprintf(e.out, "%s does not exist; nothing to remove\n", dir)
		return err
	}
	_, err = fmt.Fprintf(e.out, "removed %s\n", dir)
	return err
}

// refuseIfRunning fails unless the service is stopped or does not exist (the
// MSI runs remove-data after it deleted the service).
func refuseIfRunning(e env, name string) error {
	m, err := e.scm.OpenManager(scManagerConnect)
	if err != nil {
		return scmError("open service control manager", "", err, true)
	}
	defer closeHandle(e, m)
	h, err := e.scm.OpenService(m, name, serviceQueryStatus)
	if errors.Is(err, errServiceDoesNotExist) {
		return nil
	}
	if err != nil {
		return scmError("open service", name, err, true)
	}
	defer closeHandle(e, h)
	st, err := e.scm.QueryStatus(h)
	if err != nil {
		return scmError("query status of service", name, err, false)
	}
	if st.State != stateStopped {
		return exitcode.Wrap(exitcode.ServiceActive, fmt.Errorf("remove data: service %q is %s; stop or uninstall it first (`%s service stop` or `%s service uninstall`), then run remove-data again",
			name, stateName(st.State), name, name))
	}
	return nil
}

// plainFolderName accepts a name that is one folder name in ProgramData and
// nothing else: no separator, drive, wildcard or trailing dot or space
// (which Windows strips, so "x." would name "x").
func plainFolderName(name string) error {
	if name == "" || name == "." || name == ".." || strings.TrimRight(name, ". ") != name || strings.ContainsAny(name, `\/:*?"<>|`) {
		return fmt.Errorf("service name %q is not a plain folder name", name)
	}
	return nil
}
