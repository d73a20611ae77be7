//go:build unix

package sign_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/sign"
)

// TestOsslsigncodeGetsTheSecretOnlyOnStdin: with the password, the PIN and
// a base64 PKCS#12 in the build's environment (as CI sets them), the
// osslsigncode that signs (a fake on PATH recording its environment and
// standard input) gets the password on its standard input and none of the
// signing variables in its environment.
func TestOsslsigncodeGetsTheSecretOnlyOnStdin(t *testing.T) {
	dir := t.TempDir()
	script := "#!/bin/sh\nenv > '" + dir + "/env'\ncat > '" + dir + "/stdin'\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, "osslsigncode"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv(sign.EnvPassword, "pfx-secret")
	t.Setenv(sign.EnvPIN, "pin-secret")
	t.Setenv("SVCPACK_SIGN_PFX_BASE64", "base64-secret")
	target := filepath.Join(t.TempDir(), "a.exe")
	if err := os.WriteFile(target, []byte("MZ"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := sign.Signer{PFX: "key.p12", Password: "pfx-secret"}
	if err := s.File(context.Background(), target); err == nil {
		t.Fatal("the fake osslsigncode failed, File did not")
	}
	env, err := os.ReadFile(filepath.Join(dir, "env"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(env), "secret") || strings.Contains(string(env), "SVCPACK_SIGN_") {
		t.Errorf("osslsigncode's environment holds signing variables:\n%s", env)
	}
	if stdin, _ := os.ReadFile(filepath.Join(dir, "stdin")); string(stdin) != "pfx-secret" {
		t.Errorf("osslsigncode's standard input is %q, want the password", stdin)
	}
}
