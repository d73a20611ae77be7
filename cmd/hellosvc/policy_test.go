package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/packaging/product"
	"github.com/svcpack/svcpack/service/policy"
)

// The program's policy declaration and svcpack.yaml's policy list (which
// the ADMX template is made from) name the same key, settings, types and
// apply.
func TestPolicyMatchesProductFile(t *testing.T) {
	p, err := product.Load("../../" + product.FileName)
	if err != nil {
		t.Fatal(err)
	}
	if hellosvcPolicy.Key != p.PolicyKey() {
		t.Errorf("program reads HKLM\\%s, the template writes HKLM\\%s", hellosvcPolicy.Key, p.PolicyKey())
	}
	if len(p.Policy) != len(hellosvcPolicy.Settings) {
		t.Fatalf("svcpack.yaml lists %d policies, the program declares %d", len(p.Policy), len(hellosvcPolicy.Settings))
	}
	for _, pol := range p.Policy {
		s, ok := hellosvcPolicy.Setting(pol.Setting)
		if !ok {
			t.Errorf("svcpack.yaml's policy %s is not declared by the program", pol.Setting)
			continue
		}
		kind := policy.Text
		if pol.Type == product.PolicyDecimal {
			kind = policy.Decimal
		}
		if s.Kind != kind || s.Apply.String() != pol.Apply {
			t.Errorf("%s: program %v/%v, svcpack.yaml %s/%s", pol.Setting, s.Kind, s.Apply, pol.Type, pol.Apply)
		}
		if _, ok := lookupKey(pol.Setting); !ok {
			t.Errorf("%s is not a config key", pol.Setting)
		}
	}
}

// Policy over config file over default, with the config file's own checks
// applied to policy values: a bad one is refused, by name, and the file's
// value is used.
func TestPolicyPrecedence(t *testing.T) {
	file := Config{Listen: "127.0.0.1:8081"}
	for _, c := range []struct {
		name    string
		inFile  map[string]bool
		pol     policy.Values
		want    string
		source  policy.Source
		refused string
	}{
		{"file", map[string]bool{"listen": true}, nil, "127.0.0.1:8081", policy.FromFile, ""},
		{"default", nil, nil, "127.0.0.1:8080", policy.FromDefault, ""},
		{"policy", map[string]bool{"listen": true}, policy.Values{"listen": {Text: "0.0.0.0:9090"}}, "0.0.0.0:9090", policy.FromPolicy, ""},
		{"bad policy", map[string]bool{"listen": true}, policy.Values{"listen": {Text: "9090"}}, "127.0.0.1:8081", policy.FromFile,
			`policy HKLM\Software\Policies\svcpack\hellosvc\listen refused: "listen": "9090" is not host:port`},
		{"bad policy, no file key", nil, policy.Values{"listen": {Text: "127.0.0.1:0"}}, "127.0.0.1:8080", policy.FromDefault, "has no port between 1 and 65535"},
		{"policy of a setting not declared", nil, policy.Values{"demo_delay_endpoint": {Text: "true"}}, "127.0.0.1:8080", policy.FromDefault, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := defaultConfig()
			if c.inFile["listen"] {
				cfg = file
			}
			eff := hellosvcPolicy.Resolve(layers(cfg, c.inFile), c.pol, checkSetting)
			if len(eff) != len(keys) {
				t.Fatalf("%d settings, want %d", len(eff), len(keys))
			}
			l := eff[0]
			if l.Name != "listen" || l.Value != c.want || l.Source != c.source {
				t.Errorf("listen = %+v, want %s from %s", l, c.want, c.source)
			}
			if (c.refused == "") != (l.Refused == "") || !strings.Contains(l.Refused, c.refused) {
				t.Errorf("refused %q, want %q", l.Refused, c.refused)
			}
			if d := eff[1]; d.Name != "demo_delay_endpoint" || d.Value != "false" || d.Source != policy.FromDefault {
				t.Errorf("demo_delay_endpoint = %+v", d)
			}
		})
	}
}

func TestFileKeys(t *testing.T) {
	dir := testtemp.Dir(t)
	path := filepath.Join(dir, "config.json")
	if keys, err := fileKeys(path); err != nil || len(keys) != 0 {
		t.Errorf("no file: %v, %v", keys, err)
	}
	if err := os.WriteFile(path, append(utf8BOM, `{"listen": "127.0.0.1:1"}`...), 0o644); err != nil {
		t.Fatal(err)
	}
	if keys, err := fileKeys(path); err != nil || !keys["listen"] || keys["demo_delay_endpoint"] {
		t.Errorf("listen only: %v, %v", keys, err)
	}
}

// Without policy (the Windows test that sets it removes it), status reports the file's and the defaults'
// values and their sources.
func TestEffectiveWithoutPolicy(t *testing.T) {
	path := filepath.Join(testtemp.Dir(t), "config.json")
	if err := os.WriteFile(path, []byte(`{"demo_delay_endpoint": true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	eff, err := settings{path: path}.Effective()
	if err != nil {
		t.Fatal(err)
	}
	if len(eff) != 2 || eff[0].Value != "127.0.0.1:8080" || eff[0].Source != policy.FromDefault ||
		eff[1].Value != "true" || eff[1].Source != policy.FromFile {
		t.Errorf("effective %+v", eff)
	}
	if err := os.WriteFile(path, []byte(`{"listen": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := (settings{path: path}).Effective(); err == nil || !strings.Contains(err.Error(), `"listen": 1 is not a string`) {
		t.Errorf("a bad config: %v", err)
	}
}
