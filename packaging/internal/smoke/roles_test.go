//go:build !windows

// The host side of the suite (roles, progress) is tested on Linux only: the
// runner has no use for these tests.

package smoke

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/product"
)

func TestChooseRoles(t *testing.T) {
	pkg := func(path, version, platform string) Package {
		return Package{Path: path, Version: version, Code: "{" + path + "}", Platform: platform}
	}
	cases := []struct {
		name          string
		given         []Package
		v1, v2        string // paths; v2 "" when derived
		derivedV2     string // the derived version
		wantErrSubstr string
	}{
		{name: "two versions, in any order", given: []Package{pkg("b", "1.1.0", "x64"), pkg("a", "1.0.0", "x64")}, v1: "a", v2: "b"},
		{name: "the next higher, not the highest", given: []Package{pkg("c", "1.2.0", "x64"), pkg("a", "1.0.0", "x64"), pkg("b", "1.1.0", "x64")}, v1: "a", v2: "b"},
		{name: "one version: v2 derived", given: []Package{pkg("a", "0.3.0.5", "x64")}, v1: "a", derivedV2: "0.3.1"},
		{name: "same version twice: still derived", given: []Package{pkg("a", "1.0.0", "x64"), pkg("b", "1.0.0.7", "x64")}, v1: "a", v2: "b"},
		{name: "dist/*.msi: only the x64 package", given: []Package{pkg("i", "0.1.0", "Intel"), pkg("x", "0.1.0", "x64"), pkg("a", "0.1.0", "Arm64")}, v1: "x", derivedV2: "0.1.1"},
		{name: "no x64: what there is", given: []Package{pkg("i", "0.1.0", "Intel")}, v1: "i", derivedV2: "0.1.1"},
		{name: "nothing", wantErrSubstr: "no MSI given"},
		{name: "major 128", given: []Package{pkg("a", "128.0.0", "x64")}, wantErrSubstr: "below 128"},
		{name: "no build number left", given: []Package{pkg("a", "1.0.65535", "x64")}, wantErrSubstr: "no higher build number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := ChooseRoles(c.given)
			if c.wantErrSubstr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErrSubstr) {
					t.Fatalf("error %v, want one saying %q", err, c.wantErrSubstr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.V1.Path != c.v1 {
				t.Errorf("v1 %s, want %s", r.V1.Path, c.v1)
			}
			if c.derivedV2 != "" {
				if !r.V2Derived || !r.V2.Derived || r.V2.Version != c.derivedV2 || r.V2.Path != "" {
					t.Errorf("v2 %+v (derive %v), want one derived at %s", r.V2, r.V2Derived, c.derivedV2)
				}
			} else if r.V2Derived || r.V2.Path != c.v2 {
				t.Errorf("v2 %+v (derive %v), want %s", r.V2, r.V2Derived, c.v2)
			}
		})
	}
}

func TestCompareVersions(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"1.0.0", "1.1.0", -1}, {"1.10.0", "1.9.0", 1}, {"1.2.0.1", "1.2.0", 1}, {"1.2.0", "1.2.0.0", 0}, {"0.3.1", "0.3.0.5", 1},
	} {
		if got := CompareVersions(c.a, c.b); got != c.want {
			t.Errorf("CompareVersions(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestNewGUID(t *testing.T) {
	guid := regexp.MustCompile(`^\{[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}\}$`)
	a, b := NewGUID(), NewGUID()
	if !guid.MatchString(a) || a == b {
		t.Errorf("NewGUID: %s, %s; want two different upper-case v4 GUIDs in braces", a, b)
	}
}

// testProduct is the repository's product file, without the properties that
// reach a setting unless withListen (as `svcpack init` writes it).
func testProduct(t *testing.T, withListen bool) *product.Product {
	t.Helper()
	b, err := os.ReadFile("../../../" + product.FileName)
	if err != nil {
		t.Fatal(err)
	}
	p, err := product.Parse("svcpack.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	if !withListen {
		var kept []product.Property
		for _, prop := range p.Properties {
			if prop.Setting == "" {
				kept = append(kept, prop)
			}
		}
		p.Properties = kept
	}
	return p
}

func TestFindAddressProperty(t *testing.T) {
	p := testProduct(t, true)
	prop, form := findAddressProperty(p)
	if prop == nil || prop.Setting == "" || !prop.Matches(p.Smoke.Address) || form.value("127.0.0.1:1") != "127.0.0.1:1" {
		t.Fatalf("address property %+v (%s): want the one whose setting takes smoke.address %s", prop, form.name, p.Smoke.Address)
	}
	p.Smoke.Address = "not an address"
	if prop, _ := findAddressProperty(p); prop != nil {
		t.Errorf("address property %s, though its pattern refuses smoke.address", prop.Name)
	}
	if prop, _ := findAddressProperty(testProduct(t, false)); prop != nil {
		t.Errorf("address property %s in a product without settings", prop.Name)
	}
}

// TestFindAddressPropertyOfEachShape: a property taking a port alone or a
// URL moves the service too; the runner writes its addresses in that shape.
func TestFindAddressPropertyOfEachShape(t *testing.T) {
	for _, c := range []struct{ pattern, form, value string }{
		{"[0-9]{1,5}", "PORT", "9090"},
		{"http://[0-9.]+:[0-9]+/", "URL", "http://127.0.0.1:9090/"},
		{"http://[0-9.]+:[0-9]+", "URL", "http://127.0.0.1:9090"},
	} {
		p := testProduct(t, true)
		var prop *product.Property
		for i := range p.Properties {
			if p.Properties[i].Setting != "" {
				prop = &p.Properties[i]
			}
		}
		prop.Pattern = c.pattern
		got, form := findAddressProperty(p)
		if got == nil || got.Name != prop.Name || form.name != c.form {
			t.Errorf("pattern %s: address property %v (%s), want %s (%s)", c.pattern, got, form.name, prop.Name, c.form)
			continue
		}
		if v := form.value("127.0.0.1:9090"); v != c.value {
			t.Errorf("pattern %s: the runner writes 127.0.0.1:9090 as %q, want %q", c.pattern, v, c.value)
		}
		if a, ok := dialAddress(c.value); !ok || a != "127.0.0.1:9090" {
			t.Errorf("pattern %s: %q dials %q, %v", c.pattern, c.value, a, ok)
		}
	}
}

func TestDialAddress(t *testing.T) {
	for value, want := range map[string]string{
		"127.0.0.1:8080": "127.0.0.1:8080", ":9090": "127.0.0.1:9090", "0.0.0.0:80": "127.0.0.1:80",
		"[::]:81": "[::1]:81", "host.example:82": "host.example:82", "8080": "127.0.0.1:8080",
		"http://0.0.0.0:83/": "127.0.0.1:83", "nowhere": "",
	} {
		got, ok := dialAddress(value)
		if got != want || ok != (want != "") {
			t.Errorf("dialAddress(%q) = %q, %v; want %q", value, got, ok, want)
		}
	}
}
