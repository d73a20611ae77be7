package msi

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/sign"
)

// TestSignerURLIsTheProducts: the web site a signature names is the product
// file's signing.url, or none when the file gives none, whichever way the
// environment configures the key — never a URL the pipeline made up.
func TestSignerURLIsTheProducts(t *testing.T) {
	dir := t.TempDir()
	file := func(name string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	pfx, module, cert := file("key.p12"), file("libtoken.so"), file("chain.pem")
	ways := map[string][]string{
		"PKCS#12": {sign.EnvPFX, pfx},
		"PKCS#11": {sign.EnvPKCS11Module, module, sign.EnvPKCS11Key, "pkcs11:token=t;object=k;type=private", sign.EnvCert, cert, sign.EnvPIN, "1234"},
	}
	for way, vars := range ways {
		for _, url := range []string{"https://example.com/agent", ""} {
			for _, name := range []string{sign.EnvPFX, sign.EnvPassword, sign.EnvPKCS11Module, sign.EnvPKCS11Key, sign.EnvCert, sign.EnvPIN, sign.EnvPKCS11Engine, sign.EnvTimestamp} {
				t.Setenv(name, "")
			}
			for i := 0; i+1 < len(vars); i += 2 {
				t.Setenv(vars[i], vars[i+1])
			}
			s, err := sign.FromEnv()
			if err != nil || s == nil {
				t.Fatalf("%s: FromEnv = %v, %v", way, s, err)
			}
			p := &product.Product{Signing: product.Signing{Description: "Agent", URL: url}}
			if got := SignerFor(s, p).URL; got != url {
				t.Errorf("%s, signing.url %q: the signature names %q", way, url, got)
			}
		}
	}
}
