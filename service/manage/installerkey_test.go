package manage

import "testing"

// TestInstallerKeyName: the hand-written allowlist accepts exactly
// SOFTWARE\name[\name]… of letters, digits, space, '.', '_', '-' (what the
// regular expression ^SOFTWARE(\\[A-Za-z0-9 ._-]+)+$ accepted).
func TestInstallerKeyName(t *testing.T) {
	for k, want := range map[string]bool{
		`SOFTWARE\svcpack`:              true,
		`SOFTWARE\Contoso Ltd\my-svc_2`: true,
		`SOFTWARE\a.b\C`:                true,
		`SOFTWARE`:                      false,
		`SOFTWARE\`:                     false,
		`SOFTWARE\a\\b`:                 false,
		`SOFTWARE\a\`:                   false,
		`software\a`:                    false,
		`SOFTWAREX\a`:                   false,
		`HKLM\SOFTWARE\a`:               false,
		`SOFTWARE\caf` + "\u00e9":       false,
		`SOFTWARE\a/b`:                  false,
		`SOFTWARE\a` + "\x00":           false,
		`SOFTWARE\a"b`:                  false,
		"":                              false,
	} {
		if got := installerKeyName(k); got != want {
			t.Errorf("installerKeyName(%q) = %v, want %v", k, got, want)
		}
	}
}
