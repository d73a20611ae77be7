package bench

import (
	"strings"
	"testing"
)

// A major upgrade as Wine's msi trace shows it (abridged): the upgrading
// msiexec (0100) runs RemoveExistingProducts as a second msiexec (0200),
// which stops the old service, then runs its own script at InstallFinalize.
const upgradeTrace = `10.000:0100:0104:trace:msi:MsiEnableLogW 0x7fdf, L"Z:\\log", 0
10.001:0100:0104:trace:msi:ACTION_PerformAction Performing action (L"INSTALL")
10.002:0100:0104:trace:msi:ACTION_PerformAction Performing action (L"RemoveExistingProducts")
10.300:0200:0204:trace:msi:ACTION_PerformAction Performing action (L"StopServices")
10.310:0200:0204:trace:msi:ACTION_PerformAction Performing action (L"InstallFinalize")
10.320:0200:0204:trace:msi:ACTION_PerformAction Performing action (L"StopServices")
10.340:0200:0204:trace:msi:ACTION_PerformAction Performing action (L"DeleteServices")
10.380:0100:0104:trace:msi:ACTION_PerformAction Performing action (L"StopServices")
10.400:0100:0104:trace:msi:ACTION_PerformAction Performing action (L"InstallFinalize")
10.405:0100:0104:trace:msi:ACTION_PerformAction Performing action (L"ProcessComponents")
10.4053:0100:0104:trace:msi:ACTION_PerformAction Performing action (L"RemoveFiles")
10.406:0100:0104:trace:msi:ACTION_PerformAction Performing action (L"InstallFiles")
10.466:0100:0104:trace:msi:ACTION_PerformAction Performing action (L"Check")
10.480:0100:0104:trace:msi:wait_process_handle waiting for L"Check"
check: fine
10.510:0100:0104:trace:msi:ACTION_PerformAction Performing action (L"InstallServices")
10.520:0100:0104:trace:msi:ACTION_PerformAction Performing action (L"StartServices")
11.500:0100:0104:trace:msi:ACTION_PerformAction Performing action (L"RegisterProduct")
`

func TestUpgradeWindow(t *testing.T) {
	steps, err := upgradeWindow([]byte(upgradeTrace))
	if err != nil {
		t.Fatal(err)
	}
	want := []windowStep{
		{"old version's removal from its StopServices", 80},
		{"InstallFinalize", 5}, {"ProcessComponents", 0.3}, {"RemoveFiles", 0.7}, {"InstallFiles", 60},
		{"Check (starting its process)", 14}, {"Check (its process)", 30}, {"InstallServices", 10},
	}
	if len(steps) != len(want) {
		t.Fatalf("steps = %v, want %v", steps, want)
	}
	for i, s := range steps {
		if s.Name != want[i].Name || s.MS < want[i].MS-0.01 || s.MS > want[i].MS+0.01 {
			t.Errorf("step %d = %s %.2f ms, want %s %.2f ms", i, s.Name, s.MS, want[i].Name, want[i].MS)
		}
	}
	got := formatWindow(steps)
	for _, part := range []string{"old version's removal from its StopServices 80, InstallFinalize 5, InstallFiles 60, ",
		"Check (its process) 30", "steps under 1 ms together 1; in all 200 ms"} {
		if !strings.Contains(got, part) {
			t.Errorf("formatWindow = %q, want it to hold %q", got, part)
		}
	}
}

// Traces that are not a traced major upgrade are refused with the reason.
func TestUpgradeWindowRefuses(t *testing.T) {
	lines := strings.Split(upgradeTrace, "\n")
	without := func(substr string) string {
		var keep []string
		for _, l := range lines {
			if !strings.Contains(l, substr) {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	for _, tt := range []struct{ name, trace, want string }{
		{"untraced", "Action 10:00:00: INSTALL.\n", "no action in it"},
		{"no second msiexec", without(":0200:"), "not a major upgrade"},
		{"script never starts the service", without(`(L"StartServices")`), "never reached StartServices"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := upgradeWindow([]byte(tt.trace)); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("upgradeWindow = %v, want an error saying %q", err, tt.want)
			}
		})
	}
}
