package msi

import (
	"context"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/product"
)

// TestBuildRegistersCrashDumps reads the LocalDumps rows back from built
// MSIs: the key names the product's own exe, the folder is a REG_EXPAND_SZ
// under the product's ProgramData folder, count and type are REG_DWORDs from
// the product file, and the component is 64-bit where the package is (WER
// reads the native view). Windows Installer removes a component's Registry
// rows on uninstall; that is checked under Wine by packaging/internal/cli's tests.
func TestBuildRegistersCrashDumps(t *testing.T) {
	ctx := context.Background()
	hello, err := product.Load("../../../svcpack.yaml")
	if err != nil {
		t.Fatal(err)
	}
	other := otherProduct(t)
	other.CrashDumps = product.CrashDumps{Count: 7, Type: product.DumpMini}
	for _, c := range []struct {
		p                       *product.Product
		key, folder, count, typ string
	}{
		{hello, `SOFTWARE\Microsoft\Windows\Windows Error Reporting\LocalDumps\hellosvc.exe`, `#%%ProgramData%\hellosvc\dumps`, "#3", "#2"},
		{other, `SOFTWARE\Microsoft\Windows\Windows Error Reporting\LocalDumps\othersvc.exe`, `#%%ProgramData%\othersvc\dumps`, "#7", "#1"},
	} {
		t.Run(c.p.Name, func(t *testing.T) {
			opts := testOptions(t, fakeExe(t, "x"), AMD64)
			opts.Product = c.p
			opts.Tables = nil
			if err := Build(ctx, opts); err != nil {
				t.Fatal(err) // includes the lint's LocalDumps rule
			}
			got := map[string]string{}
			component := ""
			for _, r := range export(t, opts.Out, "Registry").Rows {
				// wixl ends every Registry key with a backslash (docs/platform.md).
				if key := strings.TrimSuffix(r["Key"], `\`); key != c.key {
					if strings.Contains(key, "LocalDumps") {
						t.Errorf("a Registry row writes %s, not the product's own LocalDumps key", r["Key"])
					}
					continue
				}
				if r["Root"] != "2" {
					t.Errorf("%s under root %s, want 2 (HKLM)", r["Name"], r["Root"])
				}
				got[r["Name"]] = r["Value"]
				component = r["Component_"]
			}
			want := map[string]string{"DumpFolder": c.folder, "DumpCount": c.count, "DumpType": c.typ}
			if len(got) != len(want) {
				t.Errorf("LocalDumps rows %v, want exactly %v", got, want)
			}
			for name, v := range want {
				if got[name] != v {
					t.Errorf("%s = %q, want %q", name, got[name], v)
				}
			}
			comp := export(t, opts.Out, "Component").Find("Component", component)
			if len(comp) != 1 || atoi(t, comp[0]["Attributes"])&0x100 == 0 {
				t.Errorf("component %q %v is not 64-bit: WER would not see the key", component, comp)
			}
		})
	}
}

// TestCrashDumpsLeaveAdminSettings reads the crash-dumps component's
// condition and the searches it depends on from the built MSI, and evaluates
// the condition (documented syntax, condition_test.go) for what AppSearch can
// find: no key, the product's own key (an older version's, or a repair), and
// an admin's own settings for the exe. The component must be installed only
// in the first two cases: otherwise install would overwrite the admin's values
// and uninstall delete them. Unit test only here; the install and uninstall
// themselves run under Wine in packaging/internal/cli's TestAdoptedMSI.
func TestCrashDumpsLeaveAdminSettings(t *testing.T) {
	const key = `SOFTWARE\Microsoft\Windows\Windows Error Reporting\LocalDumps\hellosvc.exe`
	hello, err := product.Load("../../../svcpack.yaml")
	if err != nil {
		t.Fatal(err)
	}
	opts := testOptions(t, fakeExe(t, "x"), AMD64)
	opts.Product = hello
	opts.Tables = nil
	if err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	// Each search reads one value of the exe's key, raw, from the 64-bit view.
	searched := map[string]string{} // value name -> property
	locators := export(t, opts.Out, "RegLocator")
	for _, s := range export(t, opts.Out, "AppSearch").Rows {
		l := locators.Find("Signature_", s["Signature_"])
		if len(l) != 1 || strings.TrimSuffix(l[0]["Key"], `\`) != key {
			continue
		}
		if l[0]["Root"] != "2" || atoi(t, l[0]["Type"]) != 2|16 { // HKLM; raw | 64-bit
			t.Errorf("search %s: root %s type %s, want 2 (HKLM) and 18 (raw, 64-bit)", s["Signature_"], l[0]["Root"], l[0]["Type"])
		}
		searched[l[0]["Name"]] = s["Property"]
	}
	for _, name := range []string{"DumpFolder", "DumpCount", "DumpType"} {
		if searched[name] == "" {
			t.Fatalf("no AppSearch reads %s of HKLM\\%s (found %v)", name, key, searched)
		}
	}
	var component string
	for _, r := range export(t, opts.Out, "Registry").Rows {
		if strings.TrimSuffix(r["Key"], `\`) == key {
			component = r["Component_"]
		}
	}
	comp := export(t, opts.Out, "Component").Find("Component", component)
	if len(comp) != 1 || comp[0]["Condition"] == "" {
		t.Fatalf("component %q %v has no condition: install would overwrite an admin's LocalDumps settings", component, comp)
	}
	cond := comp[0]["Condition"]
	ours := `#%%ProgramData%\hellosvc\dumps`
	for _, c := range []struct {
		name  string
		found map[string]string // value name -> what AppSearch finds
		want  bool
	}{
		{"no key", nil, true},
		{"our key", map[string]string{"DumpFolder": ours, "DumpCount": "#3", "DumpType": "#2"}, true},
		{"our key, other case", map[string]string{"DumpFolder": `#%%PROGRAMDATA%\HelloSvc\Dumps`, "DumpCount": "#3", "DumpType": "#2"}, true},
		{"admin folder", map[string]string{"DumpFolder": `#%D:\dumps`, "DumpCount": "#10", "DumpType": "#1"}, false},
		{"our key, expanded (Wine's AppSearch)", map[string]string{"DumpFolder": `C:\ProgramData\hellosvc\dumps`, "DumpCount": "#3", "DumpType": "#2"}, true},
		{"admin folder, expanded", map[string]string{"DumpFolder": `C:\ProgramData\other\dumps`}, false},
		{"admin folder as REG_SZ", map[string]string{"DumpFolder": `D:\dumps`}, false},
		{"admin count only", map[string]string{"DumpCount": "#5"}, false},
		{"admin type only", map[string]string{"DumpType": "#1"}, false},
	} {
		props := map[string]string{"ProductDumpFolder": `C:\ProgramData\hellosvc\dumps`} // set before costing
		for name, v := range c.found {
			props[searched[name]] = v
		}
		got, err := evalCondition(cond, props)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s (%v): condition %q is %v, want %v", c.name, props, cond, got, c.want)
		}
	}
}
