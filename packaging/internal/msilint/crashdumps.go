package msilint

import (
	"fmt"
	"strings"
)

// RuleCrashDumps names the rule crashDumps checks.
const RuleCrashDumps = "crash-dumps"

// localDumpsRoot is WER's per-program dump settings key (HKLM). A value set
// on it rather than on a subkey would collect dumps of every program on the
// machine; a subkey for another exe changes another product's crashes.
const localDumpsRoot = `SOFTWARE\Microsoft\Windows\Windows Error Reporting\LocalDumps`

// crashDumps: the package registers WER LocalDumps for the product's own exe
// and nothing else under LocalDumps: HKLM\...\LocalDumps\<name>.exe with
// DumpFolder (REG_EXPAND_SZ, under the product's ProgramData folder),
// DumpCount and DumpType (REG_DWORD) as the product file says; and the
// component that writes them is installed only under a condition that
// compares what AppSearch found with the product's own DumpFolder, so that
// an admin's own settings for the exe are neither overwritten nor, on
// uninstall, deleted (packaging/internal/msi writes that condition).
func crashDumps(d *db, w Want) []string {
	if w.LocalDumpsKey == "" {
		return nil
	}
	var bad []string
	got := map[string]string{}
	components := map[string]bool{}
	for _, r := range d.tables["Registry"].Rows {
		key := strings.TrimSuffix(r["Key"], `\`) // wixl ends every key with one
		if !strings.EqualFold(key, localDumpsRoot) && !strings.HasPrefix(strings.ToLower(key), strings.ToLower(localDumpsRoot)+`\`) {
			continue
		}
		if !strings.EqualFold(key, w.LocalDumpsKey) || r["Root"] != "2" {
			bad = append(bad, fmt.Sprintf("Registry %s writes root %s key %s: the package may set LocalDumps only for its own exe, HKLM\\%s", r["Registry"], r["Root"], key, w.LocalDumpsKey))
			continue
		}
		got[r["Name"]] = r["Value"]
		components[r["Component_"]] = true
	}
	want := map[string]string{
		"DumpFolder": "#%" + w.DumpFolder, // #% is REG_EXPAND_SZ
		"DumpCount":  fmt.Sprintf("#%d", w.DumpCount),
		"DumpType":   fmt.Sprintf("#%d", w.DumpType),
	}
	for _, name := range []string{"DumpFolder", "DumpCount", "DumpType"} {
		v, ok := got[name]
		switch {
		case !ok:
			bad = append(bad, fmt.Sprintf("no Registry row sets %s under HKLM\\%s (the product file's crash_dumps)", name, w.LocalDumpsKey))
		case v != want[name]:
			bad = append(bad, fmt.Sprintf("HKLM\\%s %s is %q, want %q", w.LocalDumpsKey, name, v, want[name]))
		}
	}
	ours := `~= "` + want["DumpFolder"] + `"`
	for c := range components {
		rows := d.tables["Component"].Find("Component", c)
		if len(rows) != 1 || !strings.Contains(rows[0]["Condition"], ours) {
			bad = append(bad, fmt.Sprintf("component %s writes HKLM\\%s without a condition comparing the key's DumpFolder with %s: it would overwrite and, on uninstall, delete an admin's own settings", c, w.LocalDumpsKey, ours))
		}
	}
	return bad
}
