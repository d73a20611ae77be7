package sign_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// openssl runs openssl in dir and fails the test on an error.
func openssl(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("openssl", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl %v: %v\n%s", args, err, out)
	}
}

// testCA makes a throw-away CA, valid for two days, in dir: ca.key, ca.pem,
// and cs.ext, the extensions of a code-signing certificate it issues.
func testCA(t *testing.T, dir, name string) {
	t.Helper()
	ext := "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n"
	if err := os.WriteFile(filepath.Join(dir, "cs.ext"), []byte(ext), 0o600); err != nil {
		t.Fatal(err)
	}
	openssl(t, dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
		"-subj", "/CN="+name+" test CA", "-addext", "basicConstraints=critical,CA:TRUE",
		"-addext", "keyUsage=critical,keyCertSign,cRLSign")
}

// testCert makes a throw-away CA and a code-signing certificate it issued,
// valid for two days, with openssl. It returns the PKCS#12 (key and chain,
// password "test-password") and the CA certificate in PEM.
func testCert(t *testing.T, name string) (pfx, caPEM string) {
	t.Helper()
	return testCertPassword(t, name, "test-password")
}

// testCertPassword is testCert with the PKCS#12's password; "" makes one
// without a password.
func testCertPassword(t *testing.T, name, password string) (pfx, caPEM string) {
	t.Helper()
	dir := t.TempDir()
	testCA(t, dir, name)
	openssl(t, dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "cs.key", "-out", "cs.csr", "-subj", "/CN="+name+" test signer")
	openssl(t, dir, "x509", "-req", "-in", "cs.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "cs.pem",
		"-days", "2", "-extfile", "cs.ext")
	openssl(t, dir, "pkcs12", "-export", "-inkey", "cs.key", "-in", "cs.pem", "-certfile", "ca.pem", "-out", "cs.p12",
		"-passout", "pass:"+password)
	return filepath.Join(dir, "cs.p12"), filepath.Join(dir, "ca.pem")
}
