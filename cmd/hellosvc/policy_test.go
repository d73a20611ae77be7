package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/packaging"
	"github.com/svcpack/svcpack/service/policy"
)

// The program's declarations are what svcpack.yaml makes of them (the
// policy key, settings, patterns, policy types and apply the ADMX template
// and the MSI are made from): `svcpack check` refuses the product otherwise.
func TestDeclarationsMatchProductFile(t *testing.T) {
	var out, errs bytes.Buffer
	if code := packaging.Main(context.Background(), []string{"check", "--product", "../../" + packaging.ProductFile}, &out, &errs); code != 0 {
		t.Fatalf("svcpack check: exit %d (svcpack_settings.go is not what `go tool svcpack settings` writes?)\n%s", code, errs.String())
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
