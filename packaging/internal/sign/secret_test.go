package sign_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/sign"
)

// fakeOsslsigncode puts an osslsigncode first on PATH that records its
// arguments and standard input in dir and fails.
func fakeOsslsigncode(t *testing.T) (dir string) {
	t.Helper()
	dir = t.TempDir()
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + dir + "/args'\ncat > '" + dir + "/stdin'\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, "osslsigncode"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return dir
}

// The password and the PIN reach osslsigncode on its standard input: never
// in its arguments, which every user's ps shows, nor in a file.
func TestSecretsGoThroughStdin(t *testing.T) {
	tests := []struct {
		name      string
		signer    sign.Signer
		secret    string
		wantArgs  []string // in this order, each followed by its value
		stdinless bool
	}{
		{"PKCS#12", sign.Signer{PFX: "key.p12", Password: "pfx-secret"}, "pfx-secret",
			[]string{"-pkcs12", "key.p12", "-readpass", "-"}, false},
		{"PKCS#12 without password", sign.Signer{PFX: "key.p12"}, "",
			[]string{"-pkcs12", "key.p12"}, true},
		{"PKCS#11", sign.Signer{Token: &sign.Token{Module: "m.so", Key: "pkcs11:object=k", Certs: "c.pem", PIN: "pin-secret"}}, "pin-secret",
			[]string{"-pkcs11module", "m.so", "-certs", "c.pem", "-key", "pkcs11:object=k", "-readpass", "-"}, false},
		{"PKCS#11 with engine", sign.Signer{Token: &sign.Token{Module: "m.so", Key: "pkcs11:object=k", Certs: "c.pem", PIN: "pin-secret", Engine: "e.so"}}, "pin-secret",
			[]string{"-pkcs11engine", "e.so", "-pkcs11module", "m.so"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fakeOsslsigncode(t)
			target := filepath.Join(t.TempDir(), "a.exe")
			if err := os.WriteFile(target, []byte("MZ"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := tt.signer.File(context.Background(), target); err == nil {
				t.Fatal("the fake osslsigncode failed, File did not")
			}
			b, err := os.ReadFile(filepath.Join(dir, "args"))
			if err != nil {
				t.Fatal(err)
			}
			args := strings.Split(strings.TrimSpace(string(b)), "\n")
			i := slices.Index(args, tt.wantArgs[0])
			if i < 0 || len(args) < i+len(tt.wantArgs) || !slices.Equal(args[i:i+len(tt.wantArgs)], tt.wantArgs) {
				t.Errorf("args %q, want %q in them", args, tt.wantArgs)
			}
			for _, a := range args {
				if tt.secret != "" && strings.Contains(a, tt.secret) {
					t.Errorf("argument %q holds the secret", a)
				}
				if a == "-pass" {
					t.Errorf("args %q pass a secret on the command line", args)
				}
			}
			if tt.stdinless && slices.Contains(args, "-readpass") {
				t.Errorf("args %q read a password that is empty", args)
			}
			stdin, err := os.ReadFile(filepath.Join(dir, "stdin"))
			if err != nil {
				t.Fatal(err)
			}
			if string(stdin) != tt.secret {
				t.Errorf("stdin = %q, want %q", stdin, tt.secret)
			}
			if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(target), ".sign-*")); len(leftovers) > 0 {
				t.Errorf("left behind %q", leftovers)
			}
		})
	}
}

// A signer with no key, or with two, fails before running anything.
func TestSignerNeedsExactlyOneKey(t *testing.T) {
	dir := fakeOsslsigncode(t)
	tok := &sign.Token{Module: "m.so", Key: "pkcs11:object=k", Certs: "c.pem", PIN: "1"}
	for _, s := range []*sign.Signer{{}, {PFX: "key.p12", Token: tok}, {Token: &sign.Token{Module: "m.so", Key: "pkcs11:object=k", Certs: "c.pem"}}} {
		target := filepath.Join(t.TempDir(), "a.exe")
		if err := s.File(context.Background(), target); err == nil {
			t.Errorf("File with %+v succeeded", s)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "args")); err == nil {
		t.Error("osslsigncode ran for a signer without exactly one key and its secret")
	}
}
