package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/windows/registry"
)

// The Windows Error Reporting LocalDumps key the init template's MSI writes
// for the product's exe, checked where WER reads it (HKLM, the native view).
// Under Wine here (TestAdoptGoService) and on Windows CI alike.

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

// adminCrashDumps: an admin's own LocalDumps settings for the exe, there
// before the product, are not the product's. Install leaves them as they are
// (the crash-dumps component's condition keeps it out) and uninstall, which
// never installed that component, leaves them too. The key is deleted at the
// end, so that the test's normal install after it writes the product's own.
func adminCrashDumps(t *testing.T, name, pkg string) {
	t.Helper()
	k, _, err := registry.CreateKey(registry.LOCAL_MACHINE, localDumpsKey(name), registry.ALL_ACCESS|registry.WOW64_64KEY)
	if err != nil {
		t.Fatalf(`create the admin's HKLM\%s: %v`, localDumpsKey(name), err)
	}
	const folder = `%SystemDrive%\admin-dumps`
	err = errors.Join(k.SetExpandStringValue("DumpFolder", folder), k.SetDWordValue("DumpCount", 10), k.SetDWordValue("DumpType", 1))
	k.Close()
	if err != nil {
		t.Fatalf("set the admin's LocalDumps values: %v", err)
	}
	defer func() {
		if err := registry.DeleteKey(registry.LOCAL_MACHINE, localDumpsKey(name)); err != nil {
			t.Errorf(`delete the admin's HKLM\%s: %v`, localDumpsKey(name), err)
		}
	}()
	check := func(step string) {
		k, err := registry.OpenKey(registry.LOCAL_MACHINE, localDumpsKey(name), registry.QUERY_VALUE|registry.WOW64_64KEY)
		if err != nil {
			t.Errorf(`after %s: the admin's HKLM\%s is gone: %v`, step, localDumpsKey(name), err)
			return
		}
		defer k.Close()
		if got, typ, err := k.GetStringValue("DumpFolder"); err != nil || typ != registry.EXPAND_SZ || got != folder {
			t.Errorf("after %s: the admin's DumpFolder = %q (type %d), %v; want REG_EXPAND_SZ %q", step, got, typ, err, folder)
		}
		for value, want := range map[string]uint64{"DumpCount": 10, "DumpType": 1} {
			if got, typ, err := k.GetIntegerValue(value); err != nil || typ != registry.DWORD || got != want {
				t.Errorf("after %s: the admin's %s = %d (type %d), %v; want REG_DWORD %d", step, value, got, typ, err, want)
			}
		}
	}
	if code, log := adoptMsiexec(t, "/i", pkg, `STARTTYPE="manual"`); code != 0 {
		t.Fatalf("install over the admin's LocalDumps settings: exit %d; log:\n%s", code, tail(log))
	}
	check("install")
	if code, log := adoptMsiexec(t, "/x", pkg, `REMOVEDATA="1"`); code != 0 {
		t.Fatalf("uninstall over the admin's LocalDumps settings: exit %d; log:\n%s", code, tail(log))
	}
	check("uninstall")
}
