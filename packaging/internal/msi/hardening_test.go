package msi

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/msidb"
)

// TestBuildCarriesTheHardenedChecks reads back what docs/security.md relies on
// and no run here can show: the refusals for a standard user's repair (Wine
// and the elevated Windows CI job both set AdminUser) and the exact set of
// secure properties; TestMaintenanceRefusesOnlyChanges runs the conditions.
func TestBuildCarriesTheHardenedChecks(t *testing.T) {
	opts := testOptions(t, fakeExe(t, "x"), AMD64)
	if err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	secure, err := msidb.SecureCustomProperties(context.Background(), opts.Out)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"INSTALLFOLDER", "LISTEN", "REMOVEDATA", "STARTTYPE", "WIX_DOWNGRADE_DETECTED", "WIX_UPGRADE_DETECTED"}
	if !slices.Equal(secure, want) {
		t.Errorf("SecureCustomProperties = %v, want exactly %v (remembered values are the machine's, not the user's)", secure, want)
	}
	seq := export(t, opts.Out, "InstallExecuteSequence")
	for action, parts := range map[string][]string{
		"ChangeNeedsAdmin":    {"Installed", "NOT AdminUser", "ChangedListen", "ChangedStartType"},
		"ChangeNeedsRegistry": {"Installed", `NOT REINSTALLMODE ~>< "m"`, "ChangedListen", "ChangedStartType"},
		"ChangedListen":       {"LISTEN = REMEMBERED_LISTEN"},
		"ChangedStartType":    {"GivenStartType = REMEMBERED_STARTTYPE"},
		"InstallFolderMoved":  {"Installed", "GivenFolder ~= REMEMBERED_INSTALLFOLDER"},
	} {
		rows := seq.Find("Action", action)
		if len(rows) != 1 {
			t.Errorf("InstallExecuteSequence has no %s", action)
			continue
		}
		for _, p := range parts {
			if !strings.Contains(rows[0]["Condition"], p) {
				t.Errorf("%s condition %q lacks %q", action, rows[0]["Condition"], p)
			}
		}
		if n := atoi(t, rows[0]["Sequence"]); n >= atoi(t, seq.Find("Action", "LaunchConditions")[0]["Sequence"]) {
			t.Errorf("%s at %d runs after LaunchConditions: it would set InvalidProperty too late", action, n)
		}
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("sequence %q: %v", s, err)
	}
	return n
}
