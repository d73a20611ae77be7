package wine

import (
	"context"
	"testing"
)

func TestRegistry(t *testing.T) {
	ctx := context.Background()
	const cv = `HKLM\Software\Microsoft\Windows NT\CurrentVersion`
	// 18362 is what `winecfg -v win10` sets: proves NewPrefix did.
	build, found, err := testPrefix.RegValue(ctx, cv, "CurrentBuildNumber")
	if err != nil || !found || build != "18362" {
		t.Errorf("CurrentBuildNumber = %q, found %v, err %v; want 18362 (Windows 10)", build, found, err)
	}
	if _, found, err := testPrefix.RegValue(ctx, cv, "NoSuchValue"); err != nil || found {
		t.Errorf("missing value: found %v, err %v; want not found, no error", found, err)
	}
	// Windows' default wait for a starting service, not Wine's 10 s.
	if v, found, err := testPrefix.RegValue(ctx, scmControlKey, "ServicesPipeTimeout"); err != nil || !found || v != "30000" {
		t.Errorf("ServicesPipeTimeout = %q, found %v, err %v; want 30000", v, found, err)
	}
	if ok, err := testPrefix.RegKeyExists(ctx, `HKLM\SYSTEM\CurrentControlSet\Services`); err != nil || !ok {
		t.Errorf("Services key: exists %v, err %v; want true", ok, err)
	}
	if ok, err := testPrefix.RegKeyExists(ctx, `HKLM\SYSTEM\CurrentControlSet\Services\svcpack-none`); err != nil || ok {
		t.Errorf("missing key: exists %v, err %v; want false", ok, err)
	}
}

func TestParseRegValue(t *testing.T) {
	out := "HKEY_LOCAL_MACHINE\\Software\\X\n    Name    REG_SZ    a  b    c\n    Empty    REG_SZ\n"
	if got, ok := parseRegValue(out, "name"); !ok || got != "a  b    c" {
		t.Errorf("Name = %q, %v", got, ok)
	}
	if got, ok := parseRegValue(out, "Empty"); !ok || got != "" {
		t.Errorf("Empty = %q, %v", got, ok)
	}
	if _, ok := parseRegValue(out, "Other"); ok {
		t.Error("Other found")
	}
}
