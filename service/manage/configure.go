package manage

import (
	"fmt"

	"github.com/svcpack/svcpack/service/clip"
	"github.com/svcpack/svcpack/service/exitcode"
)

// configureRequest is what one configure run was asked to do.
type configureRequest struct {
	s         Spec              // resolved; StartType "" keeps the current start type
	exeGiven  bool              // --exe: re-point the ImagePath to s.Exe
	specExe   string            // the adopter's Spec.Exe, which counts as this program
	set       map[string]string // --set (CLI mode)
	installer *installerInput   // non-nil in installer mode (--installer-key)
}

// configure converges an installed service of this program's. Every step
// writes the whole desired value, so running it twice changes nothing the
// second time; the MSI runs it on install, repair and upgrade.
//
// It keeps what it is not given: the executable the ImagePath names (the
// ImagePath is re-quoted with the Spec's service arguments; --exe re-points
// it), the start type and delayed flag (unless --start or the installer's
// StartType), the account, the dependencies, and every program setting. It
// converges description, recovery, the non-crash flag, SID type and
// preshutdown timeout to the Spec or the flags given: those are the
// program's policy. A service that is not this program's is refused.
//
// It also ensures the event log source and the ACL'd data directory: an MSI
// creates the service with ServiceInstall, not with `install`, and this is the
// one command it runs afterwards.
func configure(e env, r configureRequest) error {
	s := r.s
	if in := r.installer; in != nil {
		where := `HKLM\` + in.key
		if err := validateSettings(s, "settings given to the installer ("+where+`\`+givenKey+")", in.given); err != nil {
			return err
		}
		if err := validateSettings(s, "settings the installer remembers ("+where+`\`+rememberKey+")", in.remembered); err != nil {
			return err
		}
	} else if err := validateSettings(s, "settings", r.set); err != nil {
		return err
	}
	exes, err := owners(e, r.specExe)
	if err != nil {
		return err
	}
	var report []string
	err = withService(e, s.Name, configureAccess, func(h scHandle) error {
		cfg, exe, err := ownedService(e, h, "configure", s.Name, exes)
		if err != nil {
			return err
		}
		if r.exeGiven {
			exe = s.Exe
		}
		bin, err := commandLine(exe, s.ServiceArgs)
		if err != nil {
			return exitcode.Wrap(exitcode.Usage, err)
		}
		switch {
		case r.exeGiven && bin != cfg.BinaryPath:
			report = append(report, "ImagePath set to "+clip.Quote(bin)+" (was "+clip.Quote(cfg.BinaryPath)+")")
		case bin != cfg.BinaryPath:
			report = append(report, "ImagePath kept, re-quoted: "+clip.Quote(bin)+" (was "+clip.Quote(cfg.BinaryPath)+")")
		default:
			report = append(report, "ImagePath kept: "+clip.Quote(bin))
		}
		if in := r.installer; in != nil && in.recovery != nil {
			report = append(report, "recovery from the installer: "+in.recovery.String())
		}
		if s.StartType == "" {
			report = append(report, "start type kept ("+startTypeName(cfg.StartType)+")")
		} else {
			report = append(report, "start type set to "+string(s.StartType))
		}
		return converge(e, h, s, bin)
	})
	if err != nil {
		return err
	}
	if in := r.installer; in != nil {
		more, err := installerSettings(e, s, in)
		if err != nil {
			return err
		}
		report = append(report, more...)
	} else if err := applySettings(s, r.set); err != nil {
		return err
	} else if len(r.set) > 0 {
		report = append(report, "settings applied: "+sortedKeys(r.set))
	}
	for _, line := range report {
		if _, err := fmt.Fprintf(e.out, "service %q: %s\n", s.Name, line); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintf(e.out, "configured service %q\n", s.Name)
	return err
}

// installerSettings applies the installer's values by precedence: a missing
// config is created from the remembered values, then the values given on
// this msiexec command line are applied over the config. Only then are the
// given values deleted, so a later repair that does not write them again
// cannot apply them over an admin's hand edit.
func installerSettings(e env, s Spec, in *installerInput) ([]string, error) {
	var report []string
	if err := seedSettings(s, in.remembered); err != nil {
		return nil, err
	}
	if len(in.given) > 0 {
		if err := applySettings(s, in.given); err != nil {
			return nil, err
		}
		report = append(report, "settings given to the installer applied: "+sortedKeys(in.given))
	} else {
		report = append(report, "no settings given to the installer; the config is left as it is (created from remembered values if it was missing)")
	}
	if len(in.givenNames) > 0 {
		if err := e.host.DeleteGiven(in.key, in.givenNames); err != nil {
			where := `HKLM\` + in.key + `\` + givenKey
			if isAccessDenied(err) {
				return nil, exitcode.Wrap(exitcode.NotAdmin, fmt.Errorf("delete the applied values under %s: %w (run as administrator)", where, err))
			}
			return nil, fmt.Errorf("delete the applied values under %s: %w (delete them by hand, or a later repair applies them again)", where, err)
		}
	}
	return report, nil
}

// converge applies s to the open service h (CHANGE_CONFIG|QUERY_CONFIG|START).
// s.StartType "" leaves the start type and the delayed flag as they are.
func converge(e env, h scHandle, s Spec, bin string) error {
	c := serviceConfig{BinaryPath: bin, StartType: startTypeCode(s.StartType), DisplayName: s.DisplayName}
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
		value   serviceConfig2
		skip    bool
	}{
		{"description", levelDescription, serviceConfig2{Description: s.Description}, false},
		{"delayed auto-start", levelDelayedAutoStart, serviceConfig2{DelayedAutoStart: s.StartType == StartDelayedAuto}, s.StartType == ""},
		{"recovery actions", levelFailureActions, serviceConfig2{Recovery: recoveryOf(s)}, false},
		{"failure actions on non-crash failures", levelFailureActionsFlag, serviceConfig2{FailureOnNonCrash: !s.RecoverOnlyOnCrash}, false},
		{"SID type", levelSIDType, serviceConfig2{SIDType: sid}, false},
		{"preshutdown timeout", levelPreshutdown, serviceConfig2{Preshutdown: s.PreShutdownTimeout}, s.PreShutdownTimeout == 0},
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
	if err := ensureLogonRight(e, s.Name, cfg.Account); err != nil {
		return err
	}
	if _, err := e.host.EnsureDataDir(s.Name, cfg.Account); err != nil {
		return fmt.Errorf("data directory of service %q: %w", s.Name, err)
	}
	if err := e.host.InstallEventSource(s.Name); err != nil {
		return fmt.Errorf("register event log source %q: %w", s.Name, err)
	}
	return nil
}

// startTypeCode maps a start type to the SCM's; "" is noChange (0 here:
// ChangeConfig reads 0 as SERVICE_NO_CHANGE).
func startTypeCode(t StartType) uint32 {
	switch t {
	case "":
		return 0
	case StartManual:
		return startDemand
	case StartDisabled:
		return startDisabled
	}
	return startAuto // auto and delayed-auto; delayed is a serviceConfig2 flag on top
}
