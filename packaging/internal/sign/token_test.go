package sign_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/sign"
)

const (
	tokenPIN = "4711-test-pin"
	tokenSO  = "4712-test-so-pin"
)

// testToken makes a SoftHSM2 token in a temporary directory (SOFTHSM2_CONF
// points at it for the rest of the test), generates an RSA key pair inside
// it, and has a throw-away CA certify the public key: the private key never
// exists outside the token, as with an HSM. It returns the Token to sign with
// (PIN tokenPIN) and the CA certificate in PEM.
func testToken(t *testing.T, label string) (tok *sign.Token, caPEM string) {
	t.Helper()
	ctx := context.Background()
	var tools []deps.Tool
	for _, set := range [][]deps.Tool{deps.Sign, deps.PKCS11, deps.SoftHSM} {
		tools = append(tools, set...)
	}
	if err := deps.Ensure(ctx, tools...); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "tokens"), 0o700); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "softhsm2.conf")
	text := "directories.tokendir = " + filepath.Join(dir, "tokens") + "\nobjectstore.backend = file\nlog.level = ERROR\n"
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOFTHSM2_CONF", conf)
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return string(out)
	}
	run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", tokenPIN, "--so-pin", tokenSO)
	p11 := []string{"--module", deps.SoftHSMModule, "--token-label", label}
	run("pkcs11-tool", append(p11, "--login", "--pin", tokenPIN,
		"--keypairgen", "--key-type", "rsa:2048", "--id", "01", "--label", "signer", "--sensitive")...)
	assertNotExtractable(t, run("pkcs11-tool", append(p11, "--login", "--pin", tokenPIN, "--list-objects")...))

	run("pkcs11-tool", append(p11, "--read-object", "--type", "pubkey", "--id", "01", "-o", "pub.der")...)
	openssl(t, dir, "pkey", "-pubin", "-inform", "DER", "-in", "pub.der", "-out", "pub.pem")
	testCA(t, dir, label)
	openssl(t, dir, "x509", "-new", "-subj", "/CN="+label+" test signer", "-force_pubkey", "pub.pem",
		"-CA", "ca.pem", "-CAkey", "ca.key", "-days", "2", "-extfile", "cs.ext", "-out", "cs.pem")
	return &sign.Token{
		Module: deps.SoftHSMModule,
		Key:    "pkcs11:token=" + label + ";object=signer;type=private",
		Certs:  filepath.Join(dir, "cs.pem"),
		PIN:    tokenPIN,
	}, filepath.Join(dir, "ca.pem")
}

// assertNotExtractable checks pkcs11-tool's listing: the private key is
// sensitive and was never extractable (CKA_SENSITIVE, CKA_ALWAYS_SENSITIVE,
// CKA_NEVER_EXTRACTABLE set; CKA_EXTRACTABLE not).
func assertNotExtractable(t *testing.T, listing string) {
	t.Helper()
	_, priv, ok := strings.Cut(listing, "Private Key Object")
	if !ok {
		t.Fatalf("no private key on the token:\n%s", listing)
	}
	_, access, ok := strings.Cut(priv, "Access:")
	if !ok {
		t.Fatalf("no Access line for the private key:\n%s", listing)
	}
	access, _, _ = strings.Cut(access, "\n")
	flags := map[string]bool{}
	for _, f := range strings.Split(access, ",") {
		flags[strings.TrimSpace(f)] = true
	}
	if !flags["sensitive"] || !flags["always sensitive"] || !flags["never extractable"] || flags["extractable"] {
		t.Fatalf("private key access %q: want sensitive, always sensitive, never extractable, and not extractable", access)
	}
}

func TestTokenSignAndVerify(t *testing.T) {
	ctx := context.Background()
	tok, ca := testToken(t, "svcpack")
	_, otherCA := testCert(t, "other")
	signer := &sign.Signer{Token: tok}
	if err := deps.Ensure(ctx, signer.Tools()...); err != nil {
		t.Fatal(err)
	}
	exe, msi := signExeAndMSI(t, signer, windowsExe(t))
	assertSignatures(t, ca, otherCA, exe, msi)

	// The engine named by path, for hosts where OpenSSL does not find it.
	tok.Engine = deps.PKCS11Engine
	exe2 := windowsExe(t)
	if err := signer.File(ctx, exe2); err != nil {
		t.Fatalf("with %s: %v", sign.EnvPKCS11Engine, err)
	}
	if err := sign.Verify(ctx, exe2, ca); err != nil {
		t.Fatal(err)
	}
}

// A wrong PIN fails with an error that says so and names the variable, never
// echoes a PIN, and leaves the file as it was.
func TestTokenWrongPIN(t *testing.T) {
	tok, _ := testToken(t, "svcpack")
	tok.PIN = "not-the-pin"
	exe := windowsExe(t)
	before, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	err = (&sign.Signer{Token: tok}).File(context.Background(), exe)
	if err == nil {
		t.Fatal("signing with a wrong PIN succeeded")
	}
	msg := err.Error()
	if !strings.Contains(msg, "refused the PIN") || !strings.Contains(msg, sign.EnvPIN) {
		t.Errorf("error %q does not say the PIN was refused and name %s", msg, sign.EnvPIN)
	}
	if strings.Contains(msg, tok.PIN) || strings.Contains(msg, tokenPIN) {
		t.Errorf("error %q echoes a PIN", msg)
	}
	after, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Error("a failed signing changed the file")
	}
}

// Each misconfiguration of a token fails with the cause osslsigncode and
// libp11 printed turned into what to fix.
func TestTokenFailuresAreExplained(t *testing.T) {
	tok, _ := testToken(t, "svcpack")
	otherPFX, _ := testCert(t, "other")
	otherCert := filepath.Join(filepath.Dir(otherPFX), "cs.pem")
	junk := filepath.Join(t.TempDir(), "junk.pem")
	if err := os.WriteFile(junk, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(*sign.Token)
		env    [2]string // an environment variable to set for the run
		want   string
	}{
		{"no such key", func(k *sign.Token) { k.Key = "pkcs11:token=svcpack;object=nope;type=private" }, [2]string{}, "has no private key matching"},
		{"no such token", func(k *sign.Token) { k.Key = "pkcs11:token=nope;object=signer;type=private" }, [2]string{}, "no token the module shows"},
		{"module not a library", func(k *sign.Token) { k.Module = k.Certs }, [2]string{}, "module in " + sign.EnvPKCS11Module + " cannot be loaded"},
		{"certificate of another key", func(k *sign.Token) { k.Certs = otherCert }, [2]string{}, "is not the signing key's"},
		{"certificate file missing", func(k *sign.Token) { k.Certs = junk + ".missing" }, [2]string{}, "cannot be read"},
		{"not a certificate", func(k *sign.Token) { k.Certs = junk }, [2]string{}, "holds no PEM certificate"},
		{"engine path wrong", func(k *sign.Token) { k.Engine = junk }, [2]string{}, "engine in " + sign.EnvPKCS11Engine},
		// OpenSSL looks for engines in OPENSSL_ENGINES: an empty directory is a
		// host without libengine-pkcs11-openssl.
		{"engine not installed", func(*sign.Token) {}, [2]string{"OPENSSL_ENGINES", t.TempDir()}, "install the Debian package libengine-pkcs11-openssl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := *tok
			tt.change(&k)
			if tt.env[0] != "" {
				t.Setenv(tt.env[0], tt.env[1])
			}
			err := (&sign.Signer{Token: &k}).File(context.Background(), windowsExe(t))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want one containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), tokenPIN) {
				t.Errorf("error %q echoes the PIN", err)
			}
		})
	}
}
