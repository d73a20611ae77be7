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

// The program's declarations are what svcpack.yaml makes of them (the
// policy key, settings, patterns, policy types and apply the ADMX template
// and the MSI are made from); `svcpack check` refuses the product otherwise.
func TestDeclarationsMatchProductFile(t *testing.T) {
	p, err := product.Load("../../" + product.FileName)
	if err != nil {
		t.Fatal(err)
	}
	want, err := p.SettingsGo()
	if err != nil {
		t.Fatal(err)
	}
	if have, err := os.ReadFile(product.SettingsGoName); err != nil || string(have) != string(want) {
		t.Errorf("%s is not what `go tool svcpack settings` writes (%v)", product.SettingsGoName, err)
	}
	if declared.Name != name || declared.Company != p.Company {
		t.Errorf("declared %s by %s, svcpack.yaml %s by %s", declared.Name, declared.Company, p.Name, p.Company)
	}
}

// Without policy (the Windows test that sets it removes it), status reports the file's and the defaults'
// values and their sources.
func TestEffectiveWithoutPolicy(t *testing.T) {
	path := filepath.Join(testtemp.Dir(t), "config.json")
	if err := os.WriteFile(path, []byte(`{"demo_delay_endpoint": true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	eff, err := conf.WithPath(path).Effective()
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
	if _, err := conf.WithPath(path).Effective(); err == nil || !strings.Contains(err.Error(), `"listen": 1 is not a string`) {
		t.Errorf("a bad config: %v", err)
	}
}
