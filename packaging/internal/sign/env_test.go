package sign_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/sign"
)

// signEnv is every variable FromEnv reads.
var signEnv = []string{sign.EnvPFX, sign.EnvPassword, sign.EnvPKCS11Module, sign.EnvPKCS11Key, sign.EnvCert,
	sign.EnvPIN, sign.EnvPKCS11Engine, sign.EnvTimestamp}

// setEnv clears every signing variable, then sets vars (name, value pairs).
func setEnv(t *testing.T, vars ...string) {
	t.Helper()
	for _, name := range signEnv {
		t.Setenv(name, "")
	}
	for i := 0; i+1 < len(vars); i += 2 {
		t.Setenv(vars[i], vars[i+1])
	}
}

func TestFromEnvUnsigned(t *testing.T) {
	setEnv(t)
	if s, err := sign.FromEnv(); s != nil || err != nil {
		t.Fatalf("FromEnv with no signing variable = %v, %v; want nil, nil (unsigned)", s, err)
	}
	line := sign.Status(nil)
	if !strings.HasPrefix(line, "unsigned") || strings.Contains(line, "\n") ||
		!strings.Contains(line, sign.EnvPFX) || !strings.Contains(line, sign.EnvPKCS11Module) {
		t.Fatalf("Status(nil) = %q, want one line starting with unsigned naming both ways to sign", line)
	}
	// A timestamp server alone configures no key: still unsigned.
	setEnv(t, sign.EnvTimestamp, "http://timestamp.example")
	if s, err := sign.FromEnv(); s != nil || err != nil {
		t.Fatalf("FromEnv with only %s = %v, %v; want nil, nil", sign.EnvTimestamp, s, err)
	}
	if _, err := sign.Required(); err == nil || !strings.Contains(err.Error(), sign.EnvPKCS11Key) {
		t.Fatalf("Required() unsigned = %v, want an error naming both ways to sign", err)
	}
}

func TestFromEnvPFX(t *testing.T) {
	setEnv(t, sign.EnvPFX, filepath.Join(t.TempDir(), "missing.p12"))
	if _, err := sign.FromEnv(); err == nil {
		t.Fatal("FromEnv accepted a missing PKCS#12")
	}
	pfx, _ := testCert(t, "svcpack")
	setEnv(t, sign.EnvPFX, pfx, sign.EnvPassword, "test-password", sign.EnvTimestamp, "http://timestamp.example")
	s, err := sign.FromEnv()
	if err != nil || s.PFX != pfx || s.Password != "test-password" || s.TimestampURL != "http://timestamp.example" || s.Token != nil {
		t.Fatalf("FromEnv = %+v, %v", s, err)
	}
	if line := sign.Status(s); !strings.Contains(line, "PKCS#12") || !strings.Contains(line, filepath.Base(pfx)) ||
		strings.Contains(line, "test-password") {
		t.Errorf("Status = %q, want the PKCS#12 named and no password", line)
	}
}

// tokenFiles makes a module and a certificate file FromEnv can stat; FromEnv
// checks that they exist, osslsigncode what they hold.
func tokenFiles(t *testing.T) (module, cert string) {
	t.Helper()
	dir := t.TempDir()
	module, cert = filepath.Join(dir, "libtoken.so"), filepath.Join(dir, "chain.pem")
	for _, f := range []string{module, cert} {
		if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return module, cert
}

func TestFromEnvToken(t *testing.T) {
	module, cert := tokenFiles(t)
	key := "pkcs11:token=release;object=signer;type=private"
	setEnv(t, sign.EnvPKCS11Module, module, sign.EnvPKCS11Key, key, sign.EnvCert, cert, sign.EnvPIN, "123456",
		sign.EnvTimestamp, "http://timestamp.example")
	s, err := sign.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	want := sign.Token{Module: module, Key: key, Certs: cert, PIN: "123456"}
	if s.PFX != "" || s.Token == nil || *s.Token != want || s.TimestampURL != "http://timestamp.example" {
		t.Fatalf("FromEnv = %+v (token %+v), want token %+v", s, s.Token, want)
	}
	line := sign.Status(s)
	if !strings.Contains(line, "PKCS#11") || !strings.Contains(line, key) || !strings.Contains(line, "libtoken.so") ||
		strings.Contains(line, "123456") || strings.Contains(line, "\n") {
		t.Errorf("Status = %q, want one line naming PKCS#11, the key and the module, and no PIN", line)
	}
	if r, err := sign.Required(); err != nil || r.Token == nil {
		t.Errorf("Required() = %+v, %v", r, err)
	}

	t.Setenv(sign.EnvPKCS11Engine, filepath.Join(t.TempDir(), "pkcs11.so"))
	if _, err := sign.FromEnv(); err == nil || !strings.Contains(err.Error(), sign.EnvPKCS11Engine) {
		t.Errorf("FromEnv with a missing engine = %v, want an error naming %s", err, sign.EnvPKCS11Engine)
	}
	t.Setenv(sign.EnvPKCS11Engine, module)
	if s, err := sign.FromEnv(); err != nil || s.Token.Engine != module {
		t.Errorf("FromEnv with %s = %+v, %v", sign.EnvPKCS11Engine, s, err)
	}
}

// Every environment that configures a key only in part, or two keys at once,
// is an error that names what is wrong; none signs, none is unsigned.
func TestFromEnvMisconfigured(t *testing.T) {
	module, cert := tokenFiles(t)
	pfx, _ := testCert(t, "svcpack")
	key := "pkcs11:token=release;object=signer;type=private"
	full := []string{sign.EnvPKCS11Module, module, sign.EnvPKCS11Key, key, sign.EnvCert, cert, sign.EnvPIN, "123456"}
	with := func(extra ...string) []string { return append(append([]string{}, full...), extra...) }
	tests := []struct {
		name string
		env  []string
		want []string // each must be in the error
	}{
		{"module only", []string{sign.EnvPKCS11Module, module}, []string{"half configured", sign.EnvPKCS11Key, sign.EnvCert, sign.EnvPIN}},
		{"no PIN", full[:6], []string{"half configured", sign.EnvPIN + " missing"}},
		{"no certificate", []string{sign.EnvPKCS11Module, module, sign.EnvPKCS11Key, key, sign.EnvPIN, "1"}, []string{sign.EnvCert + " missing"}},
		{"PIN only", []string{sign.EnvPIN, "123456"}, []string{"half configured", sign.EnvPKCS11Module}},
		{"engine only", []string{sign.EnvPKCS11Engine, module}, []string{"half configured", sign.EnvPKCS11Module}},
		{"PKCS#12 and token", with(sign.EnvPFX, pfx), []string{"both set", sign.EnvPFX, sign.EnvPKCS11Module}},
		{"PKCS#12 and a token variable", []string{sign.EnvPFX, pfx, sign.EnvPIN, "123456"}, []string{"both set", sign.EnvPIN}},
		{"password without PKCS#12", []string{sign.EnvPassword, "secret"}, []string{sign.EnvPassword, sign.EnvPFX + " is not"}},
		{"password with token", with(sign.EnvPassword, "secret"), []string{sign.EnvPassword, sign.EnvPIN}},
		{"module missing", with(sign.EnvPKCS11Module, module+".gone"), []string{sign.EnvPKCS11Module, "no such file"}},
		{"module is a directory", with(sign.EnvPKCS11Module, filepath.Dir(module)), []string{sign.EnvPKCS11Module, "not a regular file"}},
		{"certificate missing", with(sign.EnvCert, cert+".gone"), []string{sign.EnvCert, "no such file"}},
		{"key not a URI", with(sign.EnvPKCS11Key, "signer"), []string{sign.EnvPKCS11Key, "not a pkcs11: URI"}},
		{"PIN in the URI path", with(sign.EnvPKCS11Key, key+";pin-value=123456"), []string{"carries a PIN", "pin-value", sign.EnvPIN}},
		{"PIN in the URI query", with(sign.EnvPKCS11Key, key+"?pin-value=123456"), []string{"carries a PIN", sign.EnvPIN}},
		{"PIN source in the URI", with(sign.EnvPKCS11Key, key+"?PIN-SOURCE=file:/tmp/pin"), []string{"carries a PIN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setEnv(t, tt.env...)
			s, err := sign.FromEnv()
			if err == nil {
				t.Fatalf("FromEnv = %+v, want an error", s)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "123456") || strings.Contains(err.Error(), "secret") {
				t.Errorf("error %q echoes a secret", err)
			}
			if _, rerr := sign.Required(); rerr == nil {
				t.Error("Required accepted it")
			}
		})
	}
}

// A huge key URI is echoed cut, with its length stated.
func TestFromEnvClipsEchoedValues(t *testing.T) {
	module, cert := tokenFiles(t)
	huge := strings.Repeat("k", 100000)
	setEnv(t, sign.EnvPKCS11Module, module, sign.EnvPKCS11Key, huge, sign.EnvCert, cert, sign.EnvPIN, "1")
	_, err := sign.FromEnv()
	if err == nil || len(err.Error()) > 1000 || !strings.Contains(err.Error(), "100000 bytes") {
		t.Fatalf("error for a 100000-byte key URI is %d bytes: %.200v", len(err.Error()), err)
	}
}
