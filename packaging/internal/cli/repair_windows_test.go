package cli

// Repairs of a product installed with a transform (TestTransformMSI,
// TestTransformHellosvc) or with properties on the command line
// (TestAdoptedMSI): Windows Installer applies the transform cached at install
// again at every repair, so its values are "given" again; equal to what the
// machine remembers they are no change (docs/install-behaviour.md).

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/service"
)

// maintenance runs a repair of the installed pkg in mode (REINSTALLMODE):
// "omus" is what msiexec /f does, "ous" a repair that does not rewrite the
// registry. REINSTALL=ALL on /i is the repair on Windows and under Wine alike
// (Wine's msiexec fails /f with a package path: docs/platform.md).
func maintenance(t *testing.T, pkg, mode string, props ...string) (int, string) {
	t.Helper()
	return adoptMsiexec(t, "/i", pkg, append([]string{`REINSTALL="ALL"`, `REINSTALLMODE="` + mode + `"`}, props...)...)
}

// cachedTransform is what a repair's command line needs for the transform
// the install was given to be applied again: nothing on Windows, which keeps
// it with the installed product; TRANSFORMS= again under Wine, whose repair
// does not apply it (docs/platform.md). Test harness only: the product relies
// on Windows' documented behaviour.
func cachedTransform(mst string) []string {
	if underWine() {
		return []string{`TRANSFORMS="` + mst + `"`}
	}
	return nil
}

// wantCachedTransform: the repair's log shows the transform's value of
// property, which only the transform can have set (the repair's own values
// do not give it), in its property dump ("Property(S): NAME = value" on
// Windows and under Wine).
func wantCachedTransform(t *testing.T, step, log, property, value string) {
	t.Helper()
	if !strings.Contains(log, "): "+property+" = "+value+"\n") && !strings.Contains(log, "): "+property+" = "+value+"\r\n") {
		t.Errorf("%s: the log does not show %s = %s: the transform cached at install was not applied again, so this step proves nothing; log:\n%s", step, property, value, tail(log))
	}
}

const refusedChange = "only through a repair that rewrites its registry values"

// repairsKeepSiteValues: mysvc installed with site.mst (STARTTYPE=manual):
// a plain repair and a repair without m pass and keep the values; a repair
// without m that gives another STARTTYPE is refused.
func repairsKeepSiteValues(t *testing.T, pkg, site string) {
	t.Helper()
	for _, mode := range []string{"omus", "ous"} {
		step := "repair " + mode + " of the product installed with site.mst"
		code, log := maintenance(t, pkg, mode, cachedTransform(site)...)
		if code != 0 {
			t.Fatalf("%s: exit %d, want 0 (the transform's STARTTYPE equals the remembered one: no change); log:\n%s", step, code, tail(log))
		}
		wantCachedTransform(t, step, log, "GivenStartType", siteStartType)
		checkSiteValues(t, step)
	}
	step := "repair ous with STARTTYPE=auto"
	if code, log := maintenance(t, pkg, "ous", append(cachedTransform(site), `STARTTYPE="auto"`)...); code == 0 || !strings.Contains(log, refusedChange) {
		t.Errorf("%s: exit %d, want a refusal (ChangeNeedsRegistry); log:\n%s", step, code, tail(log))
	}
	checkSiteValues(t, step)
}

// repairsKeepTransformListen: hellosvc installed with a transform that sets
// LISTEN=addr, its config.json then edited by hand to moved: a plain repair
// leaves the file byte for byte (the transform's LISTEN is the remembered
// value, not a change to apply again) and the service answers on moved; a
// repair without m passes; one without m that gives another LISTEN, even
// only by a leading space, is refused.
func repairsKeepTransformListen(t *testing.T, pkg, mst, addr, moved string) {
	t.Helper()
	config := filepath.Join(service.DataDir("hellosvc"), "config.json")
	b, err := os.ReadFile(config)
	if err != nil {
		t.Fatalf("read %s: %v", config, err)
	}
	edited := []byte(strings.Replace(string(b), `"`+addr+`"`, `"`+moved+`"`, 1))
	if err := os.WriteFile(config, edited, 0o644); err != nil {
		t.Fatalf("edit %s: %v", config, err)
	}
	for _, mode := range []string{"omus", "ous"} {
		step := "repair " + mode + " of hellosvc installed with the LISTEN transform"
		code, log := maintenance(t, pkg, mode, cachedTransform(mst)...)
		if code != 0 {
			t.Fatalf("%s: exit %d, want 0 (the transform's LISTEN equals the remembered one: no change); log:\n%s", step, code, tail(log))
		}
		wantCachedTransform(t, step, log, "LISTEN", addr)
		if got, err := os.ReadFile(config); err != nil || string(got) != string(edited) {
			t.Errorf("%s: %s changed (%v):\n%s\nwant the hand edit kept:\n%s", step, config, err, got, edited)
		}
		if body := adoptGet(t, "http://"+moved+"/healthz"); strings.TrimSpace(body) != "ok" {
			t.Errorf("%s: GET /healthz on the edited address %s = %q, want ok", step, moved, body)
		}
	}
	for _, other := range []string{"127.0.0.1:1", " " + addr} {
		step := `repair ous with LISTEN="` + other + `"`
		if code, log := maintenance(t, pkg, "ous", append(cachedTransform(mst), `LISTEN="`+other+`"`)...); code == 0 || !strings.Contains(log, refusedChange) {
			t.Errorf("%s: exit %d, want a refusal (ChangeNeedsRegistry: a value that differs, compared exactly); log:\n%s", step, code, tail(log))
		}
	}
}

// sameValueIsNoChange: mysvc installed with STARTTYPE=manual on the command
// line; the same value given again without a registry-rewriting repair is
// no change and passes, by /i and by a repair without m.
func sameValueIsNoChange(t *testing.T, pkg string) {
	t.Helper()
	if code, log := adoptMsiexec(t, "/i", pkg, `STARTTYPE="manual"`); code != 0 {
		t.Errorf("STARTTYPE=manual (the installed value) given again by /i: exit %d, want 0; log:\n%s", code, tail(log))
	}
	if code, log := maintenance(t, pkg, "ous", `STARTTYPE="manual"`); code != 0 {
		t.Errorf("STARTTYPE=manual (the installed value) given to a repair ous: exit %d, want 0; log:\n%s", code, tail(log))
	}
	if v := adoptReg(t, "StartType"); v != "manual" {
		t.Errorf(`after STARTTYPE=manual given again: HKLM\%s StartType = %q, want manual`, adoptKey, v)
	}
}
