package dist

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/packaging/deploy"
	"github.com/svcpack/svcpack/packaging/deps"
	"github.com/svcpack/svcpack/packaging/sign"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestHook runs the post-build hook as goreleaser does, on the real WiX
// source and a stand-in exe: the MSI appears under the version's name and
// deployment.json describes it.
func TestHook(t *testing.T) {
	ctx := context.Background()
	if err := deps.Ensure(ctx, deps.MSI...); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	exe := filepath.Join(out, "hellosvc_windows_amd64_v1", "hellosvc.exe")
	write(t, exe, "MZ stand-in")
	var log bytes.Buffer
	err := Hook(ctx, HookOptions{Root: "../..", Exe: exe, Arch: "amd64", Dist: out,
		Version: "1.2.3-4-gabcdef0", Commit: "abcdef0", Time: time.Unix(1700000000, 0), Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	m, err := deploy.Read(filepath.Join(out, deploy.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Packages) != 1 || m.Packages[0].File != "hellosvc_1.2.3-4-gabcdef0_amd64.msi" || m.Packages[0].ProductVersion != "1.2.3.4" {
		t.Fatalf("deployment.json: %+v", m.Packages)
	}
	if _, err := os.Stat(filepath.Join(out, m.Packages[0].File)); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(log.String(), "msi: hellosvc_1.2.3-4-gabcdef0_amd64.msi ") {
		t.Errorf("progress line %q", log.String())
	}
	if err := Hook(ctx, HookOptions{Root: "../..", Exe: exe, Arch: "sparc", Dist: out, Version: "1.2.3", Time: time.Unix(1, 0)}); err == nil ||
		!strings.Contains(err.Error(), "windows/sparc") {
		t.Errorf("unknown arch: err = %v, want one naming windows/sparc", err)
	}
}

// TestHookRefusesABadIdentity: issue 18 and issue 19 part 4. goreleaser's
// hook gets the version, commit and time from templates; a version outside
// packaging/version's forms, goreleaser's "none" commit or its 0001-01-01
// date is refused before the exe is signed or anything is written.
func TestHookRefusesABadIdentity(t *testing.T) {
	out := t.TempDir()
	exe := filepath.Join(out, "build", "svc.exe")
	write(t, exe, "MZ stand-in")
	good := HookOptions{Root: "../..", Exe: exe, Arch: "amd64", Dist: out, Version: "1.2.3", Commit: "abcdef0", Time: time.Unix(1700000000, 0)}
	for _, c := range []struct {
		edit func(*HookOptions)
		want string
	}{
		{func(o *HookOptions) { o.Version = "1.2.3-../../../../x" }, `version "1.2.3-../../../../x": want MAJOR.MINOR.PATCH`},
		{func(o *HookOptions) { o.Version = `1.2.3-a"&calc&"b` }, `want MAJOR.MINOR.PATCH`},
		{func(o *HookOptions) { o.Commit = "none" }, `commit "none": want 7 to 64 lower-case hex digits`},
		{func(o *HookOptions) { o.Time = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC) }, "commit time 0001-01-01T00:00:00Z is outside 1980-01-01 to 2107-12-31"},
		{func(o *HookOptions) { o.Time = time.Unix(1, 0) }, "is outside 1980-01-01 to 2107-12-31"},
	} {
		o := good
		c.edit(&o)
		if err := Hook(context.Background(), o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Hook(%+v) = %v, want an error with %q", o, err, c.want)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("the hook wrote into dist before refusing: %v", entries)
	}
	if b, err := os.ReadFile(exe); err != nil || string(b) != "MZ stand-in" {
		t.Errorf("the exe was changed: %q, %v", b, err)
	}
}

// TestHookNamesAMissingPKCS11Engine: a PKCS#11 signer needs OpenSSL's pkcs11
// engine, a file: the hook checks the signer's own tool list, so a missing
// engine is named as its Debian package before anything is built or signed.
func TestHookNamesAMissingPKCS11Engine(t *testing.T) {
	saved := deps.PKCS11
	deps.PKCS11 = []deps.Tool{{File: filepath.Join(t.TempDir(), "no-such-engine.so"), Package: saved[0].Package}}
	t.Cleanup(func() { deps.PKCS11 = saved })
	out := t.TempDir()
	exe := filepath.Join(out, "build", "svc.exe")
	write(t, exe, "MZ stand-in")
	signer := &sign.Signer{Token: &sign.Token{Module: "/nonexistent/module.so", Key: "pkcs11:object=k", Certs: "/nonexistent/cert.pem"}}
	err := Hook(context.Background(), HookOptions{Root: "../..", Exe: exe, Arch: "amd64", Dist: out, Version: "1.2.3", Time: time.Unix(1700000000, 0), Signer: signer})
	if err == nil || !strings.Contains(err.Error(), "libengine-pkcs11-openssl") {
		t.Fatalf("err = %v, want one naming the Debian package libengine-pkcs11-openssl", err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("the hook wrote into dist before refusing: %v", entries)
	}
}
