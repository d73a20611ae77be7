package manage

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/service/exitcode"
)

// TestInstallerRecovery: the product file's recovery, as the MSI writes it
// under the installer key, replaces the Spec's; without the values the
// Spec's stays (an MSI built before they existed).
func TestInstallerRecovery(t *testing.T) {
	for _, tc := range []struct {
		name          string
		delays, reset *regValue
		want          scmRecovery
		report        string
	}{
		{"product file's", ptr(sz(restartDelaysVal, "1000 2500 600000")), ptr(sz(resetPeriodVal, "3600")),
			scmRecovery{ResetPeriod: time.Hour, Actions: []scAction{{actionRestart, time.Second}, {actionRestart, 2500 * time.Millisecond}, {actionRestart, 10 * time.Minute}}},
			"recovery from the installer: restart after 1s, 2.5s, 10m0s (the last repeats), failure count reset after 1h0m0s"},
		{"no restart, never reset", ptr(sz(restartDelaysVal, "none")), ptr(sz(resetPeriodVal, "4294967295")),
			scmRecovery{ResetPeriod: ResetInfinite}, "recovery from the installer: no restart"},
		{"none written: the Spec's", nil, nil,
			scmRecovery{ResetPeriod: DefaultResetPeriod, Actions: []scAction{{actionRestart, 5 * time.Second}, {actionRestart, 30 * time.Second}, {actionRestart, time.Minute}}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, s, _, spec := installerSetup(nil, nil, nil)
			f.registry[testKey].RestartDelays, f.registry[testKey].ResetPeriod = tc.delays, tc.reset
			var out bytes.Buffer
			if err := run(f.env(&out), spec, []string{"configure", "--installer-key", testKey}); err != nil {
				t.Fatal(err)
			}
			got := s.c2[levelFailureActions].Recovery
			if got.ResetPeriod != tc.want.ResetPeriod || !slices.Equal(got.Actions, tc.want.Actions) {
				t.Errorf("recovery %v, want %v", got, tc.want)
			}
			if tc.report != "" && !strings.Contains(out.String(), tc.report) {
				t.Errorf("output lacks %q:\n%s", tc.report, out.String())
			}
			if tc.report == "" && strings.Contains(out.String(), "recovery from the installer") {
				t.Errorf("output reports an installer recovery that was not there:\n%s", out.String())
			}
		})
	}
}

// TestInstallerRecoveryRefusesBadValues: every malformed, out-of-bounds or
// half-written recovery is refused with Config, naming the value and the
// form, before anything changes.
func TestInstallerRecoveryRefusesBadValues(t *testing.T) {
	many := strings.TrimSpace(strings.Repeat("1000 ", MaxRestartDelays+1))
	for _, tc := range []struct {
		name          string
		delays, reset *regValue
		want          string
	}{
		{"DWORD delays", &regValue{Name: restartDelaysVal, Type: regDWORD, Data: []byte{1, 0, 0, 0}, Size: 4}, ptr(sz(resetPeriodVal, "60")), `"RestartDelaysMs" is REG_DWORD, not REG_SZ`},
		{"commas", ptr(sz(restartDelaysVal, "5000,30000")), ptr(sz(resetPeriodVal, "60")), `"5000,30000" is not one`},
		{"empty", ptr(sz(restartDelaysVal, "")), ptr(sz(resetPeriodVal, "60")), `"" is not one`},
		{"double space", ptr(sz(restartDelaysVal, "5000  30000")), ptr(sz(resetPeriodVal, "60")), `"" is not one`},
		{"zero delay", ptr(sz(restartDelaysVal, "0")), ptr(sz(resetPeriodVal, "60")), `"0" is not one`},
		{"leading zero", ptr(sz(restartDelaysVal, "05000")), ptr(sz(resetPeriodVal, "60")), `"05000" is not one`},
		{"sign", ptr(sz(restartDelaysVal, "+5000")), ptr(sz(resetPeriodVal, "60")), `"+5000" is not one`},
		{"units", ptr(sz(restartDelaysVal, "5s")), ptr(sz(resetPeriodVal, "60")), `"5s" is not one`},
		{"delay beyond the SCM", ptr(sz(restartDelaysVal, "4294967295")), ptr(sz(resetPeriodVal, "60")), `"4294967295" is not one`},
		{"too many", ptr(sz(restartDelaysVal, many)), ptr(sz(resetPeriodVal, "60")), "(it has 17)"},
		{"reset zero", ptr(sz(restartDelaysVal, "none")), ptr(sz(resetPeriodVal, "0")), `"ResetPeriodSeconds" is "0": want a whole number of seconds`},
		{"reset beyond a DWORD", ptr(sz(restartDelaysVal, "none")), ptr(sz(resetPeriodVal, "4294967296")), `"ResetPeriodSeconds" is "4294967296"`},
		{"reset with units", ptr(sz(restartDelaysVal, "none")), ptr(sz(resetPeriodVal, "24h")), `"ResetPeriodSeconds" is "24h"`},
		{"reset missing", ptr(sz(restartDelaysVal, "none")), nil, `value "ResetPeriodSeconds" is missing while "RestartDelaysMs" is there`},
		{"delays missing", nil, ptr(sz(resetPeriodVal, "60")), `value "RestartDelaysMs" is missing while "ResetPeriodSeconds" is there`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, s, rs, spec := installerSetup([]regValue{sz("listen", ":9090")}, nil, ptr(sz("StartType", "auto")))
			f.registry[testKey].RestartDelays, f.registry[testKey].ResetPeriod = tc.delays, tc.reset
			err := run(f.env(&bytes.Buffer{}), spec, []string{"configure", "--installer-key", testKey})
			if exitcode.Of(err) != exitcode.Config || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v (exit %d), want Config and %q", err, exitcode.Of(err), tc.want)
			}
			for _, c := range f.calls {
				if c.op == "ChangeConfig" || c.op == "ChangeConfig2" || c.op == "DeleteGiven" {
					t.Errorf("%s called after a refused value", c.op)
				}
			}
			if len(rs.applied) != 0 || len(s.c2) != 0 {
				t.Errorf("changed: config2 %v, applied %v", s.c2, rs.applied)
			}
		})
	}
}
