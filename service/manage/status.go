package manage

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"
)

// status prints what the SCM knows about the service, then, when the
// program's Settings report them (EffectiveSettings), each setting's
// effective value and its source. The optional (QueryServiceConfig2) parts
// that this SCM cannot report are printed as "unavailable"; Wine reports none
// of them.
func status(e env, name string, settings Settings) error {
	return withService(e, name, statusAccess, func(h scHandle) error {
		st, err := e.scm.QueryStatus(h)
		if err != nil {
			return scmError("query status of service", name, err, false)
		}
		cfg, err := e.scm.QueryConfig(h)
		if err != nil {
			return scmError("query config of service", name, err, false)
		}
		optional := func(level uint32, show func(serviceConfig2) string) string {
			c, err := e.scm.QueryConfig2(h, level)
			if err != nil {
				if unsupportedLevel(err) {
					return "unavailable"
				}
				return "unavailable (" + strings.TrimSpace(err.Error()) + ")"
			}
			return show(c)
		}
		start := startTypeName(cfg.StartType)
		if cfg.StartType == startAuto {
			start = optional(levelDelayedAutoStart, func(c serviceConfig2) string {
				if c.DelayedAutoStart {
					return string(StartDelayedAuto)
				}
				return string(StartAuto)
			})
			if start == "unavailable" {
				start = "auto (delayed: unavailable)"
			}
		}
		pid, handles := "-", "-"
		if st.PID != 0 {
			pid, handles = fmt.Sprint(st.PID), serviceProcessHandles(st.PID)
		}
		deps := strings.Join(cfg.Dependencies, ", ")
		if deps == "" {
			deps = "none"
		}
		rows := [][2]string{
			{"Service", name},
			{"Display name", cfg.DisplayName},
			{"State", stateName(st.State)},
			{"PID", pid},
			{"Handles", handles},
			{"Exit code", exitCodes(st)},
			{"Start type", start},
			{"Account", cfg.Account},
			{"ImagePath", cfg.BinaryPath},
			{"Dependencies", deps},
			{"Description", optional(levelDescription, func(c serviceConfig2) string { return c.Description })},
			{"Recovery", optional(levelFailureActions, func(c serviceConfig2) string { return c.Recovery.String() })},
			{"Failure on non-crash", optional(levelFailureActionsFlag, func(c serviceConfig2) string { return fmt.Sprint(c.FailureOnNonCrash) })},
			{"SID type", optional(levelSIDType, func(c serviceConfig2) string { return sidTypeName(c.SIDType) })},
			{"Preshutdown timeout", optional(levelPreshutdown, func(c serviceConfig2) string { return c.Preshutdown.Round(time.Millisecond).String() })},
			{"Newest crash dump", dumpStatus(e, name)},
		}
		rows = append(rows, settingRows(settings)...)
		w := tabwriter.NewWriter(e.out, 0, 0, 2, ' ', 0)
		for _, r := range rows {
			fmt.Fprintf(w, "%s:\t%s\n", r[0], r[1])
		}
		return w.Flush()
	})
}

func startTypeName(t uint32) string {
	switch t {
	case 0:
		return "boot"
	case 1:
		return "system"
	case startAuto:
		return string(StartAuto)
	case startDemand:
		return string(StartManual)
	case startDisabled:
		return string(StartDisabled)
	}
	return fmt.Sprintf("start type %d", t)
}

func sidTypeName(t uint32) string {
	switch t {
	case 0:
		return "none"
	case sidTypeUnrestricted:
		return "unrestricted"
	case sidTypeRestricted:
		return "restricted"
	}
	return fmt.Sprintf("SID type %d", t)
}
