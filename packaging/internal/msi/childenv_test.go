//go:build unix

package msi

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWixlGetsNoSigningSecret: the wixl the build runs (here a fake on PATH
// that records its environment) never sees the signing password, PIN or
// base64 PKCS#12 that the build's own environment holds.
func TestWixlGetsNoSigningSecret(t *testing.T) {
	bin := t.TempDir()
	dump := filepath.Join(bin, "env")
	if err := os.WriteFile(filepath.Join(bin, "wixl"), []byte("#!/bin/sh\nenv > '"+dump+"'\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	for _, name := range []string{"SVCPACK_SIGN_PASSWORD", "SVCPACK_SIGN_PIN", "SVCPACK_SIGN_PFX_BASE64"} {
		t.Setenv(name, "secret-"+name)
	}
	t.Setenv("SVCPACK_UNRELATED", "kept")
	if err := wixl(context.Background(), t.TempDir(), "out.msi", AMD64, "1.0.0", "{00000000-0000-0000-0000-000000000001}", nil); err == nil {
		t.Fatal("the fake wixl fails; the command did not")
	}
	b, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	env := string(b)
	if strings.Contains(env, "secret-") {
		t.Errorf("wixl's environment holds a signing secret:\n%s", env)
	}
	if !strings.Contains(env, "SVCPACK_UNRELATED=kept") {
		t.Errorf("wixl lost an ordinary variable:\n%s", env)
	}
}
