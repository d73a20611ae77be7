package cli

import (
	"os"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/product"
)

func TestManifestPolicy(t *testing.T) {
	b, err := os.ReadFile("../../../svcpack.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(b), "settings: [listen, demo_delay_endpoint]", "settings: [listen, demo_delay_endpoint, workers]", 1) +
		"  - {setting: workers, type: decimal, display_name: Workers, explain: Workers, apply: live, min: 1, max: 8}\n" +
		"  - {setting: demo_delay_endpoint, type: enum, display_name: Delay, explain: Delay, apply: live, values: [{value: on, display_name: On}, {value: off, display_name: Off}]}\n"
	p, err := product.Parse("svcpack.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	pol := manifestPolicy(p, "1.2.3")
	if pol.Key != `HKLM\Software\Policies\svcpack\hellosvc` || pol.Template != "hellosvc_1.2.3_admx.zip" ||
		pol.ADMX != `PolicyDefinitions\svcpack.hellosvc.admx` || pol.ADML != `PolicyDefinitions\en-US\svcpack.hellosvc.adml` {
		t.Errorf("policy %+v", pol)
	}
	if len(pol.Settings) != 3 {
		t.Fatalf("settings %+v", pol.Settings)
	}
	if s := pol.Settings[0]; s.Name != "listen" || s.RegistryType != "REG_SZ" || s.Apply != "restart" || s.Min != nil {
		t.Errorf("listen %+v", s)
	}
	if s := pol.Settings[1]; s.RegistryType != "REG_DWORD" || s.Min == nil || *s.Min != 1 || *s.Max != 8 {
		t.Errorf("workers %+v", s)
	}
	if s := pol.Settings[2]; s.RegistryType != "REG_SZ" || strings.Join(s.Values, ",") != "on,off" {
		t.Errorf("demo_delay_endpoint %+v", s)
	}
}
