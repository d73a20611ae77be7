package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/windows/registry"
)

// The Windows Error Reporting LocalDumps key the init template's MSI writes
// for the product's exe, checked where WER reads it (HKLM, the native view).
// Under Wine here (TestInitAdoptedUnderWine) and on Windows CI alike.

func localDumpsKey(name string) string {
	return `SOFTWARE\Microsoft\Windows\Windows Error Reporting\LocalDumps\` + name + `.exe`
}

// checkCrashDumpsInstalled: after an install, DumpFolder is the REG_EXPAND_SZ
// %ProgramData%\<name>\dumps, DumpCount and DumpType the product file's
// defaults (3, full = 2) as REG_DWORDs, and `service configure` made the
// folder they name.
func checkCrashDumpsInstalled(t *testing.T, name, dataDir string) {
	t.Helper()
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, localDumpsKey(name), registry.QUERY_VALUE|registry.WOW64_64KEY)
	if err != nil {
		t.Errorf(`install wrote no HKLM\%s: %v`, localDumpsKey(name), err)
		return
	}
	defer k.Close()
	folder, typ, err := k.GetStringValue("DumpFolder")
	if want := `%ProgramData%\` + name + `\dumps`; err != nil || typ != registry.EXPAND_SZ || folder != want {
		t.Errorf("DumpFolder = %q (type %d), %v; want REG_EXPAND_SZ %q", folder, typ, err, want)
	}
	for value, want := range map[string]uint64{"DumpCount": 3, "DumpType": 2} {
		got, typ, err := k.GetIntegerValue(value)
		if err != nil || typ != registry.DWORD || got != want {
			t.Errorf("%s = %d (type %d), %v; want REG_DWORD %d", value, got, typ, err, want)
		}
	}
	dumps := filepath.Join(dataDir, "dumps")
	if fi, err := os.Lstat(dumps); err != nil || !fi.IsDir() {
		t.Errorf("no dumps folder %s after install: %v", dumps, err)
	}
	expanded, err := registry.ExpandString(folder)
	if err == nil && !strings.EqualFold(filepath.Clean(expanded), filepath.Clean(dumps)) {
		t.Errorf("DumpFolder expands to %s, the folder configure made is %s", expanded, dumps)
	}
}

// checkCrashDumpsRemoved: uninstall removes the product's LocalDumps key:
// its values, then the emptied key.
func checkCrashDumpsRemoved(t *testing.T, name string) {
	t.Helper()
	if k, err := registry.OpenKey(registry.LOCAL_MACHINE, localDumpsKey(name), registry.QUERY_VALUE|registry.WOW64_64KEY); err == nil {
		names, _ := k.ReadValueNames(0)
		k.Close()
		t.Errorf(`uninstall left HKLM\%s (values %v)`, localDumpsKey(name), names)
	}
}
