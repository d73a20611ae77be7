package sign

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/svcpack/svcpack/service/clip"
)

// Environment variables FromEnv reads. An empty variable counts as unset, as
// a CI secret that is not defined arrives empty.
const (
	// A PKCS#12 file: for tests and internal builds.
	EnvPFX      = "SVCPACK_SIGN_PFX"      // path of the PKCS#12 (.pfx/.p12) with key and certificate chain
	EnvPassword = "SVCPACK_SIGN_PASSWORD" // its password; unset for one exported without

	// A key on a PKCS#11 token: for releases.
	EnvPKCS11Module = "SVCPACK_SIGN_PKCS11_MODULE" // path of the token's PKCS#11 module (.so)
	EnvPKCS11Key    = "SVCPACK_SIGN_PKCS11_KEY"    // pkcs11: URI of the private key, without a PIN
	EnvCert         = "SVCPACK_SIGN_CERT"          // PEM file: the key's certificate and its intermediates
	EnvPIN          = "SVCPACK_SIGN_PIN"           // the token's user PIN
	EnvPKCS11Engine = "SVCPACK_SIGN_PKCS11_ENGINE" // optional: OpenSSL's pkcs11 engine, when not in OpenSSL's engines directory

	EnvTimestamp = "SVCPACK_SIGN_TIMESTAMP" // optional RFC 3161 timestamp server URL, either way
)

// FromEnv returns the Signer the environment configures, or nil when no
// signing variable is set: the build is then unsigned. Exactly one way may be
// configured, in full: a PKCS#12 and a token at once, or a token with a
// variable missing, is an error that names the variables.
func FromEnv() (*Signer, error) {
	pfx := os.Getenv(EnvPFX)
	var tokenSet, tokenMissing []string
	for _, name := range []string{EnvPKCS11Module, EnvPKCS11Key, EnvCert, EnvPIN, EnvPKCS11Engine} {
		if os.Getenv(name) != "" {
			tokenSet = append(tokenSet, name)
		} else if name != EnvPKCS11Engine {
			tokenMissing = append(tokenMissing, name)
		}
	}
	switch {
	case pfx != "" && len(tokenSet) > 0:
		return nil, fmt.Errorf("sign: %s and %s are both set: sign either with a PKCS#12 file (%s, %s) or with a PKCS#11 token (%s, %s, %s, %s), not both",
			EnvPFX, strings.Join(tokenSet, ", "), EnvPFX, EnvPassword, EnvPKCS11Module, EnvPKCS11Key, EnvCert, EnvPIN)
	case pfx != "":
		if err := isFile(EnvPFX, pfx); err != nil {
			return nil, err
		}
		// No URL or description: the pipeline passes the product file's
		// (msi.SignerFor), so a signature never names a site the product
		// did not give.
		return &Signer{PFX: pfx, Password: os.Getenv(EnvPassword), TimestampURL: os.Getenv(EnvTimestamp)}, nil
	case len(tokenSet) > 0:
		return tokenFromEnv(tokenSet, tokenMissing)
	case os.Getenv(EnvPassword) != "":
		return nil, fmt.Errorf("sign: %s is set but %s is not: set %s to the PKCS#12 the password opens, or unset %s for an unsigned build",
			EnvPassword, EnvPFX, EnvPFX, EnvPassword)
	}
	return nil, nil
}

func tokenFromEnv(set, missing []string) (*Signer, error) {
	if len(missing) > 0 {
		return nil, fmt.Errorf("sign: PKCS#11 signing is half configured: %s set, %s missing: set all of %s, %s, %s and %s",
			strings.Join(set, ", "), strings.Join(missing, ", "), EnvPKCS11Module, EnvPKCS11Key, EnvCert, EnvPIN)
	}
	if p := os.Getenv(EnvPassword); p != "" {
		return nil, fmt.Errorf("sign: %s is set with a PKCS#11 token: the token's PIN goes in %s; unset %s", EnvPassword, EnvPIN, EnvPassword)
	}
	t := &Token{
		Module: os.Getenv(EnvPKCS11Module),
		Key:    os.Getenv(EnvPKCS11Key),
		Certs:  os.Getenv(EnvCert),
		PIN:    os.Getenv(EnvPIN),
		Engine: os.Getenv(EnvPKCS11Engine),
	}
	for _, f := range []struct{ env, path string }{{EnvPKCS11Module, t.Module}, {EnvCert, t.Certs}, {EnvPKCS11Engine, t.Engine}} {
		if f.path == "" {
			continue
		}
		if err := isFile(f.env, f.path); err != nil {
			return nil, err
		}
	}
	if err := checkKeyURI(t.Key); err != nil {
		return nil, err
	}
	return &Signer{Token: t, TimestampURL: os.Getenv(EnvTimestamp)}, nil
}

// checkKeyURI accepts an RFC 7512 pkcs11: URI that carries no PIN: the URI
// is an osslsigncode argument, and arguments are visible to every user.
func checkKeyURI(uri string) error {
	if !strings.HasPrefix(uri, "pkcs11:") {
		return fmt.Errorf("sign: %s=%s is not a pkcs11: URI: name the private key as in pkcs11:token=<label>;object=<label>;type=private (pkcs11-tool --list-objects or p11tool --list-all shows them)",
			EnvPKCS11Key, clip.Quote(uri))
	}
	path, query, _ := strings.Cut(uri[len("pkcs11:"):], "?")
	attrs := append(strings.Split(path, ";"), strings.Split(query, "&")...)
	for _, attr := range attrs {
		name, _, _ := strings.Cut(attr, "=")
		if strings.EqualFold(name, "pin-value") || strings.EqualFold(name, "pin-source") {
			return fmt.Errorf("sign: %s carries a PIN (%s): a command line shows it to every user; remove it from the URI and set %s",
				EnvPKCS11Key, name, EnvPIN)
		}
	}
	return nil
}

// isFile checks that the file the variable env names exists.
func isFile(env, path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("sign: %s=%s: %w", env, clip.Quote(path), err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("sign: %s=%s is not a regular file", env, clip.Quote(path))
	}
	return nil
}

// Status is the one line a build prints about signing.
func Status(s *Signer) string {
	switch {
	case s == nil:
		return fmt.Sprintf("unsigned: set %s (and %s), or %s, %s, %s and %s, to sign",
			EnvPFX, EnvPassword, EnvPKCS11Module, EnvPKCS11Key, EnvCert, EnvPIN)
	case s.Token != nil:
		return fmt.Sprintf("signing with the PKCS#11 key %s through %s", clip.Quote(s.Token.Key), clip.Quote(filepath.Base(s.Token.Module)))
	}
	return "signing with the PKCS#12 " + clip.Quote(filepath.Base(s.PFX))
}
