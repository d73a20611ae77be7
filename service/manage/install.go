package manage

import (
	"fmt"

	"github.com/svcpack/svcpack/service/exitcode"
)

// install creates the service and then converges it exactly as configure
// does. If converging fails, the new service is deleted again, so a retry
// does not meet "service already exists".
func install(e env, s Spec, kv map[string]string) error {
	if err := validateSettings(s, "settings", kv); err != nil {
		return err
	}
	bin, err := imagePath(e, s)
	if err != nil {
		return err
	}
	m, err := e.scm.OpenManager(scManagerConnect | scManagerCreateService)
	if err != nil {
		return scmError("open service control manager", "", err, true)
	}
	defer closeHandle(e, m)
	c := serviceConfig{
		DisplayName:  s.DisplayName,
		BinaryPath:   bin,
		StartType:    startTypeCode(s.StartType),
		Account:      s.Account,
		Dependencies: s.Dependencies,
	}
	h, err := e.scm.CreateService(m, s.Name, c, installAccess)
	if err != nil {
		return scmError("create service", s.Name, err, true)
	}
	defer closeHandle(e, h)
	if err := converge(e, h, s, bin); err != nil {
		if derr := e.scm.Delete(h); derr != nil {
			return exitcode.Wrap(exitcode.Of(err), fmt.Errorf("%w; removing the half-installed service failed too: %v", err, derr))
		}
		return err
	}
	if err := applySettings(s, kv); err != nil {
		return fmt.Errorf("%w (the service is installed; fix the settings with configure)", err)
	}
	_, err = fmt.Fprintf(e.out, "installed service %q as %s: %s\n", s.Name, s.Account, bin)
	return err
}

// imagePath is `"<exe>" <service args>`, the exe being Spec.Exe or, by
// default, the running executable.
func imagePath(e env, s Spec) (string, error) {
	exe := s.Exe
	if exe == "" {
		var err error
		if exe, err = e.host.Executable(); err != nil {
			return "", fmt.Errorf("find own executable: %w", err)
		}
	}
	bin, err := commandLine(exe, s.ServiceArgs)
	if err != nil {
		return "", exitcode.Wrap(exitcode.Usage, err)
	}
	return bin, nil
}
