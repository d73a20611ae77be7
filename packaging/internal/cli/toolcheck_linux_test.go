//go:build linux

package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/sign"
)

// TestCommandsNeverInstallTools: issue 19 part 4. goreleaser runs svcpack's
// commands as post-build hooks of several builds at once, so none of them
// may run apt-get (root or not): each checks its tools, and a missing one is
// an error naming the Debian packages and the command that installs them.
// PATH holds only an apt-get that records being run.
func TestCommandsNeverInstallTools(t *testing.T) {
	t.Setenv(sign.EnvPFX, "")
	bin := t.TempDir()
	ran := filepath.Join(t.TempDir(), "apt-get ran")
	script := "#!/bin/sh\necho \"$@\" >> '" + ran + "'\nexit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "apt-get"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	exe := fakeExe(t)
	pkg := filepath.Join(t.TempDir(), "x.msi")
	dist := t.TempDir()
	t.Setenv("PATH", bin)
	for _, args := range [][]string{
		{"msi", "--product", repoProduct, "--exe", exe, "--arch", "amd64", "--version", "1.2.3", "--date", "2026-01-02T03:04:05Z", "--dist", dist},
		{"intunewin", "-o", dist, pkg},
		{"lint", "--product", repoProduct, pkg},
		{"describe", pkg},
		{"transform", "--product", repoProduct, "--set", "STARTTYPE=manual", "-o", filepath.Join(dist, "x.mst"), pkg},
	} {
		_, errs := wantExit(t, exitFailed, args...)
		contains(t, "svcpack "+args[0]+" without wixl and msitools", errs,
			"missing Debian packages msitools, wixl (for wixl, msiinfo, msibuild)", "it never installs",
			"apt-get install -y --no-install-recommends msitools wixl", "go tool mage deps")
	}
	if b, err := os.ReadFile(ran); err == nil {
		t.Errorf("apt-get ran: %s", b)
	}
	if entries, _ := os.ReadDir(dist); len(entries) > 0 {
		t.Errorf("written before the check: %v", entries)
	}
}

// TestMSIChecksTheSignersTools: a PKCS#11 signer also needs OpenSSL's pkcs11
// engine (a file, not a command): svcpack msi names its Debian package before
// anything is signed or built.
func TestMSIChecksTheSignersTools(t *testing.T) {
	saved := deps.PKCS11
	deps.PKCS11 = []deps.Tool{{File: filepath.Join(t.TempDir(), "no-such-engine.so"), Package: saved[0].Package}}
	t.Cleanup(func() { deps.PKCS11 = saved })
	dir := t.TempDir()
	certs := filepath.Join(dir, "chain.pem")
	module := filepath.Join(dir, "module.so")
	for _, f := range []string{certs, module} {
		if err := os.WriteFile(f, []byte("stand-in"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv(sign.EnvPFX, "")
	t.Setenv(sign.EnvPKCS11Module, module)
	t.Setenv(sign.EnvPKCS11Key, "pkcs11:object=k")
	t.Setenv(sign.EnvCert, certs)
	t.Setenv(sign.EnvPIN, "1234")
	exe := fakeExe(t)
	before := read(t, exe)
	dist := t.TempDir()
	_, errs := wantExit(t, exitFailed, "msi", "--product", repoProduct, "--exe", exe, "--arch", "amd64", "--version", "1.2.3",
		"--date", "2026-01-02T03:04:05Z", "--dist", dist)
	contains(t, "svcpack msi with a PKCS#11 signer and no engine", errs, "missing Debian packages libengine-pkcs11-openssl")
	if entries, _ := os.ReadDir(dist); len(entries) > 0 {
		t.Errorf("written before the check: %v", entries)
	}
	if string(read(t, exe)) != string(before) {
		t.Error("the exe was changed")
	}
}
