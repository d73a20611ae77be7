package admx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/packaging/internal/product"
)

// hellosvc is the repository's own product file.
func hellosvc(t *testing.T) *product.Product {
	t.Helper()
	p, err := product.Load("../../../" + product.FileName)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// allTypes is the repository's product file with an enum and a decimal
// policy added beside its text one.
func allTypes(t *testing.T) *product.Product {
	t.Helper()
	b, err := os.ReadFile("../../../" + product.FileName)
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(b), "settings: [listen, demo_delay_endpoint]", "settings: [listen, demo_delay_endpoint, workers]", 1)
	src += `  - setting: demo_delay_endpoint
    type: enum
    display_name: Delay endpoint
    explain: "Serve GET /delay."
    apply: live
    values:
      - {value: "true", display_name: On}
      - {value: "false", display_name: Off}
  - setting: workers
    type: decimal
    display_name: Workers
    explain: "How many workers run."
    apply: restart
    min: 1
    max: 64
`
	p, err := product.Parse("svcpack.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func decode(t *testing.T, tpl Template) (policyDefinitions, policyDefinitionResources) {
	t.Helper()
	var defs policyDefinitions
	var res policyDefinitionResources
	if err := xml.Unmarshal(tpl.ADMX, &defs); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(tpl.ADML, &res); err != nil {
		t.Fatal(err)
	}
	return defs, res
}

func stringsOf(res policyDefinitionResources) map[string]string {
	m := map[string]string{}
	for _, s := range res.Strings {
		m[s.ID] = s.Text
	}
	return m
}

func TestBuildHellosvc(t *testing.T) {
	tpl, err := Build(hellosvc(t))
	if err != nil {
		t.Fatal(err)
	}
	if tpl.Base != "svcpack.hellosvc" {
		t.Errorf("base %q", tpl.Base)
	}
	defs, res := decode(t, tpl)
	if got := defs.Namespaces.Target; got.Namespace != "svcpack.Policies.hellosvc" || got.Prefix != "hellosvc" {
		t.Errorf("target namespace %+v", got)
	}
	if len(defs.Policies) != 1 {
		t.Fatalf("%d policies, want 1 (listen)", len(defs.Policies))
	}
	p := defs.Policies[0]
	if p.Class != "Machine" || p.Key != `Software\Policies\svcpack\hellosvc` || p.Elements.Text == nil ||
		p.Elements.Text.ValueName != "listen" || p.Elements.Text.MaxLength != 261 {
		t.Errorf("listen policy %+v text %+v", p, p.Elements.Text)
	}
	s := stringsOf(res)
	if s["listen"] != "Listen address" || !strings.Contains(s["listen_Explain"], "takes effect when the service restarts") ||
		!strings.Contains(s["listen_Explain"], `HKLM\Software\Policies\svcpack\hellosvc, value listen (REG_SZ)`) {
		t.Errorf("strings %q", s)
	}
}

func TestBuildEnumAndDecimal(t *testing.T) {
	tpl, err := Build(allTypes(t))
	if err != nil {
		t.Fatal(err)
	}
	defs, res := decode(t, tpl)
	if len(defs.Policies) != 3 {
		t.Fatalf("%d policies, want 3", len(defs.Policies))
	}
	s := stringsOf(res)
	e := defs.Policies[1].Elements.Enum
	if e == nil || e.ValueName != "demo_delay_endpoint" || len(e.Items) != 2 || e.Items[0].Value != "true" || e.Items[1].Value != "false" {
		t.Fatalf("enum %+v", e)
	}
	if got := s[strings.TrimSuffix(strings.TrimPrefix(e.Items[1].DisplayName, "$(string."), ")")]; got != "Off" {
		t.Errorf("second item shows %q, want Off", got)
	}
	d := defs.Policies[2].Elements.Decimal
	if d == nil || d.MinValue != 1 || d.MaxValue != 64 || d.ValueName != "workers" {
		t.Errorf("decimal %+v", d)
	}
	if !strings.Contains(s["workers_Explain"], "(REG_DWORD)") || !strings.Contains(s["demo_delay_endpoint_Explain"], "applies a change at once") {
		t.Errorf("explain texts %q / %q", s["workers_Explain"], s["demo_delay_endpoint_Explain"])
	}
	pres := map[string]presentation{}
	for _, p := range res.Presentations {
		pres[p.ID] = p
	}
	if p := pres["demo_delay_endpoint"]; p.Dropdown == nil || p.Dropdown.RefID != "demo_delay_endpoint" {
		t.Errorf("enum presentation %+v", p)
	}
	if p := pres["workers"]; p.Decimal == nil || p.Decimal.RefID != "workers" {
		t.Errorf("decimal presentation %+v", p)
	}
}

func TestBuildWithoutPolicy(t *testing.T) {
	p := hellosvc(t)
	p.Policy = nil
	if _, err := Build(p); err == nil || !strings.Contains(err.Error(), "lists no policy") {
		t.Errorf("Build without policy: %v", err)
	}
}

// Each edit breaks a rule of Intune's import or a cross-reference; the check
// must name it.
func TestCheckIngestionRefuses(t *testing.T) {
	good, err := Build(allTypes(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckIngestion(good); err != nil {
		t.Fatalf("a built template: %v", err)
	}
	for _, c := range []struct {
		name       string
		admx, adml func(string) string
		want       string
	}{
		{"Microsoft key", replace(`key="Software\Policies\svcpack\hellosvc"`, `key="Software\Policies\Microsoft\hellosvc"`), nil, `under Software\Policies\Microsoft`},
		{"key outside Policies", replace(`key="Software\Policies\svcpack\hellosvc"`, `key="Software\svcpack\hellosvc"`), nil, `not under Software\Policies\`},
		{"user class", replace(`class="Machine"`, `class="User"`), nil, `class "User"`},
		{"dependency", replace(`</policyNamespaces>`, `<using prefix="windows" namespace="Microsoft.Policies.Windows"/></policyNamespaces>`), nil, "must import alone"},
		{"long text", replace(`maxLength="261"`, `maxLength="4096"`), nil, "maxLength 4096"},
		{"missing string", nil, replace(`<string id="listen">`, `<string id="listenX">`), `string "listen" is not in the ADML`},
		{"missing item string", nil, replace(`<string id="demo_delay_endpoint_1">`, `<string id="other">`), `string "demo_delay_endpoint_1"`},
		{"missing presentation", nil, replace(`<presentation id="workers">`, `<presentation id="workerz">`), `presentation "workers" is not in`},
		{"control for another element", nil, replace(`<textBox refId="listen">`, `<textBox refId="listen2">`), `no textBox for element "listen"`},
		{"undefined category", replace(`<parentCategory ref="Product">`, `<parentCategory ref="Nope">`), nil, `parent category "Nope"`},
		{"not well-formed", replace(`</policies>`, `</policie>`), nil, "not well-formed"},
		{"comboBox", nil, replace(`<presentation id="workers">`, `<presentation id="workers"><comboBox refId="workers"><label>W</label></comboBox>`), "comboBox"},
	} {
		t.Run(c.name, func(t *testing.T) {
			bad := good
			if c.admx != nil {
				bad.ADMX = []byte(c.admx(string(good.ADMX)))
			}
			if c.adml != nil {
				bad.ADML = []byte(c.adml(string(good.ADML)))
			}
			if bytes.Equal(bad.ADMX, good.ADMX) && bytes.Equal(bad.ADML, good.ADML) {
				t.Fatal("the edit changed nothing")
			}
			err := CheckIngestion(bad)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("CheckIngestion = %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func replace(old, new string) func(string) string {
	return func(s string) string { return strings.Replace(s, old, new, 1) }
}

func TestBuildRefusesAMicrosoftKey(t *testing.T) {
	p := hellosvc(t)
	p.Company = "Microsoft" // past the product file's own check
	if _, err := Build(p); err == nil || !strings.Contains(err.Error(), `Software\Policies\Microsoft`) {
		t.Errorf("Build for company Microsoft: %v", err)
	}
}

func TestRunWritesFilesAndCentralStoreZip(t *testing.T) {
	dir := t.TempDir()
	when := time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC)
	out, err := Run(hellosvc(t), Options{Dir: dir, Version: "1.2.3", Time: when})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "hellosvc_1.2.3_admx.zip"); out.Zip != want {
		t.Errorf("zip %s, want %s", out.Zip, want)
	}
	admx, _ := os.ReadFile(filepath.Join(dir, "svcpack.hellosvc.admx"))
	adml, _ := os.ReadFile(filepath.Join(dir, "en-US", "svcpack.hellosvc.adml"))
	if len(admx) == 0 || len(adml) == 0 {
		t.Fatalf("admx %d bytes, adml %d bytes", len(admx), len(adml))
	}
	zr, err := zip.OpenReader(out.Zip)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	want := map[string][]byte{
		"PolicyDefinitions/svcpack.hellosvc.admx":       admx,
		"PolicyDefinitions/en-US/svcpack.hellosvc.adml": adml,
	}
	if len(zr.File) != len(want) {
		t.Errorf("zip holds %d files, want %d", len(zr.File), len(want))
	}
	for _, f := range zr.File {
		w, ok := want[f.Name]
		if !ok {
			t.Errorf("zip holds %s", f.Name)
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(b, w) {
			t.Errorf("%s in the zip differs from the file written beside it", f.Name)
		}
		if !f.Modified.Equal(when) {
			t.Errorf("%s dated %s, want %s", f.Name, f.Modified, when)
		}
	}
	// The same product and time give the same bytes: three hooks may write it.
	first, _ := os.ReadFile(out.Zip)
	if _, err := Run(hellosvc(t), Options{Dir: dir, Version: "1.2.3", Time: when}); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(out.Zip); !bytes.Equal(first, again) {
		t.Error("a second run wrote a different zip")
	}
}
