package manage

import (
	"errors"
	"fmt"

	"github.com/svcpack/svcpack/service/clip"
)

// preflight succeeds when installing this program's service cannot take over
// another program's: no service of the name exists, or the one that exists
// runs this program. It changes nothing. The MSI runs it before
// InstallServices, so a foreign service fails the install before anything
// is written to the SCM (ForeignService, and the transaction rolls back).
func preflight(e env, name, specExe string) error {
	exes, err := owners(e, specExe)
	if err != nil {
		return fmt.Errorf("preflight: %w", err)
	}
	m, err := e.scm.OpenManager(scManagerConnect)
	if err != nil {
		return scmError("open service control manager", "", err, true)
	}
	defer closeHandle(e, m)
	h, err := e.scm.OpenService(m, name, serviceQueryConfig)
	if errors.Is(err, errServiceDoesNotExist) {
		_, err = fmt.Fprintf(e.out, "preflight: no service %q exists; it can be installed\n", name)
		return err
	}
	if err != nil {
		return scmError("open service", name, err, true)
	}
	defer closeHandle(e, h)
	cfg, _, err := ownedService(e, h, "preflight", name, exes)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.out, "preflight: service %q exists and runs this program (ImagePath %s)\n", name, clip.Quote(cfg.BinaryPath))
	return err
}
