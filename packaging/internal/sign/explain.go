package sign

import "strings"

// failures maps what osslsigncode, OpenSSL's pkcs11 engine and libp11 print
// for a failure (osslsigncode 2.9, libengine-pkcs11-openssl 0.4.12 on Debian
// 12, see docs/signing.md) to what the signer should do about it. The first
// match wins, so a specific cause comes before a generic one.
var failures = []struct{ marker, hint string }{
	{"PIN incorrect", "the token refused the PIN: check " + EnvPIN + " (a hardware token may lock the key after a few wrong PINs, so fix it before retrying)"},
	{"Failed to find and load 'pkcs11' engine", "OpenSSL's pkcs11 engine is missing: install the Debian package libengine-pkcs11-openssl, or set " + EnvPKCS11Engine + " to its path"},
	{"Failed to set 'dynamic' engine", "the pkcs11 engine in " + EnvPKCS11Engine + " cannot be loaded: check the path"},
	{"Unable to load module", "the PKCS#11 module in " + EnvPKCS11Module + " cannot be loaded: check the path, and that it is built for this machine"},
	{"No matching initialized token", "no token the module shows matches the token in " + EnvPKCS11Key + ": list them with pkcs11-tool --list-token-slots (OpenSC) or p11tool --list-tokens (GnuTLS)"},
	{"object not found", "the token has no private key matching " + EnvPKCS11Key + ": list its keys with pkcs11-tool --list-objects (OpenSC) or p11tool --list-all (GnuTLS)"},
	{"key values mismatch", "the certificate in " + EnvCert + " is not the signing key's: its public key differs"},
	{"Failed to read certificate file", "the certificate file cannot be read: check " + EnvCert},
	{"No certificate found", "the certificate file holds no PEM certificate: check " + EnvCert},
	{"Failed to read password from file", "the password or PIN is empty"},
}

// explain returns what to do about a failed osslsigncode run, or "" when its
// output matches no known cause (the output itself is always shown).
func explain(output string) string {
	for _, f := range failures {
		if strings.Contains(output, f.marker) {
			return f.hint
		}
	}
	return ""
}
