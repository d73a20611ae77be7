package manage

import (
	"fmt"

	"github.com/svcpack/svcpack/service/exitcode"
)

// configure converges an installed service to s. Every step writes the
// whole desired value, so running it twice changes nothing the second time;
// the MSI runs it on install, repair and upgrade.
//
// It also ensures the event log source and the ACL'd data directory: an MSI
// creates the service with ServiceInstall, not with `install`, and this is the
// one command it runs afterwards.
func configure(e env, s Spec, kv map[string]string) error {
	if err := validateSettings(s, kv); err != nil {
		return err
	}
	bin, err := imagePath(e, s)
	if err != nil {
		return err
	}
	err = withService(e, s.Name, configureAccess, func(h Handle) error {
		return converge(e, h, s, bin)
	})
	if err != nil {
		return err
	}
	if err := applySettings(s, kv); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.out, "configured service %q\n", s.Name)
	return err
}

// imagePath is `"<exe>" <service args>`, the exe being Spec.Exe or, by
// default, the running executable (the MSI runs configure from the installed file).
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

// converge applies s to the open service h (CHANGE_CONFIG|QUERY_CONFIG|START).
func converge(e env, h Handle, s Spec, bin string) error {
	c := ServiceConfig{BinaryPath: bin, StartType: startTypeCode(s.StartType), DisplayName: s.DisplayName}
	if err := e.scm.ChangeConfig(h, c); err != nil {
		return scmError("change config of service", s.Name, err, false)
	}
	sid := uint32(sidTypeUnrestricted)
	if s.RestrictedSID {
		sid = sidTypeRestricted
	}
	steps := []struct {
		setting string
		level   uint32
		value   Config2
		skip    bool
	}{
		{"description", levelDescription, Config2{Description: s.Description}, false},
		{"delayed auto-start", levelDelayedAutoStart, Config2{DelayedAutoStart: s.StartType == StartDelayedAuto}, false},
		{"recovery actions", levelFailureActions, Config2{Recovery: recoveryOf(s)}, false},
		{"failure actions on non-crash failures", levelFailureActionsFlag, Config2{FailureOnNonCrash: s.FailureOnNonCrash}, false},
		{"SID type", levelSIDType, Config2{SIDType: sid}, false},
		{"preshutdown timeout", levelPreshutdown, Config2{Preshutdown: s.PreShutdownTimeout}, s.PreShutdownTimeout == 0},
	}
	for _, st := range steps {
		if st.skip {
			continue
		}
		err := e.scm.ChangeConfig2(h, st.level, st.value)
		if err == nil {
			continue
		}
		if !unsupportedLevel(err) {
			return scmError("set "+st.setting+" of service", s.Name, err, false)
		}
		if _, werr := fmt.Fprintf(e.out, "warning: %s: not supported by this Service Control Manager; left unchanged\n", st.setting); werr != nil {
			return werr
		}
	}
	cfg, err := e.scm.QueryConfig(h)
	if err != nil {
		return scmError("query config of service", s.Name, err, false)
	}
	if _, err := e.host.EnsureDataDir(s.Name, cfg.Account); err != nil {
		return fmt.Errorf("data directory of service %q: %w", s.Name, err)
	}
	if err := e.host.InstallEventSource(s.Name); err != nil {
		return fmt.Errorf("register event log source %q: %w", s.Name, err)
	}
	return nil
}

func startTypeCode(t StartType) uint32 {
	switch t {
	case StartManual:
		return startDemand
	case StartDisabled:
		return startDisabled
	}
	return startAuto // auto and delayed-auto; delayed is a Config2 flag on top
}
