package msi

import (
	"context"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/product"
)

// TestBuildRegistersCrashDumps reads the LocalDumps rows back from built
// MSIs: the key names the product's own exe, the folder is a REG_EXPAND_SZ
// under the product's ProgramData folder, count and type are REG_DWORDs from
// the product file, and the component is 64-bit where the package is (WER
// reads the native view). Windows Installer removes a component's Registry
// rows on uninstall; that is checked under Wine by cmd/svcpack's tests.
func TestBuildRegistersCrashDumps(t *testing.T) {
	ctx := context.Background()
	hello, err := product.Load("../../svcpack.yaml")
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
