package dist

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/packaging/deploy"
	"github.com/svcpack/svcpack/packaging/deps"
	"github.com/svcpack/svcpack/packaging/sign"
	"github.com/svcpack/svcpack/packaging/version"
)

// gitRepo makes a repository with one committed file and an ignored dist/.
func gitRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, args := range [][]string{
		{"init", "-q"},
		{"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "init"},
	} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write(t, filepath.Join(dir, ".gitignore"), "/dist/\n")
	write(t, filepath.Join(dir, "main.go"), "package main\n")
	return dir
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func key(t *testing.T, root string, v version.Info, s *sign.Signer) string {
	t.Helper()
	k, err := inputsKey(context.Background(), root, v, s)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestInputsKey: every input a release is made of moves the key; what is
// ignored (dist/ itself) does not.
func TestInputsKey(t *testing.T) {
	root := gitRepo(t)
	v := version.Info{Version: "1.2.3", MSI: "1.2.3", Commit: "abc", Time: time.Unix(1700000000, 0)}
	base := key(t, root, v, nil)
	if again := key(t, root, v, nil); again != base {
		t.Fatal("the key of unchanged inputs changed")
	}
	write(t, filepath.Join(root, "dist", "out.txt"), "output")
	if k := key(t, root, v, nil); k != base {
		t.Error("a file in the ignored dist/ changed the key")
	}
	changes := map[string]func(){
		"edited file":  func() { write(t, filepath.Join(root, "main.go"), "package main // edited\n") },
		"new file":     func() { write(t, filepath.Join(root, "wix", "new.wxs"), "<Wix/>") },
		"removed file": func() { os.Remove(filepath.Join(root, "main.go")) },
	}
	seen := map[string]bool{base: true}
	for _, name := range []string{"edited file", "new file", "removed file"} {
		changes[name]()
		k := key(t, root, v, nil)
		if seen[k] {
			t.Errorf("%s: key did not change", name)
		}
		seen[k] = true
	}
	now := key(t, root, v, nil)
	v2 := v
	v2.Version = "1.2.4"
	if key(t, root, v2, nil) == now {
		t.Error("another version gave the same key")
	}
	pfx := filepath.Join(t.TempDir(), "k.pfx")
	write(t, pfx, "key material")
	if key(t, root, v, &sign.Signer{PFX: pfx}) == now {
		t.Error("signing gave the same key as not signing")
	}

	// A key on a PKCS#11 token: another key, module or certificate chain is
	// another signer; the PIN only opens the key.
	chain := filepath.Join(t.TempDir(), "chain.pem")
	write(t, chain, "certificate A")
	token := func(change func(*sign.Token)) *sign.Signer {
		tok := &sign.Token{Module: "/usr/lib/token.so", Key: "pkcs11:token=a;object=k", Certs: chain, PIN: "1"}
		change(tok)
		return &sign.Signer{Token: tok}
	}
	tokenKey := key(t, root, v, token(func(*sign.Token) {}))
	if tokenKey == now || tokenKey == key(t, root, v, &sign.Signer{PFX: pfx}) {
		t.Error("signing with a token gave the key of not signing, or of the PKCS#12")
	}
	if key(t, root, v, token(func(k *sign.Token) { k.PIN = "2" })) != tokenKey {
		t.Error("another PIN for the same key changed the inputs' key")
	}
	for name, change := range map[string]func(*sign.Token){
		"key URI": func(k *sign.Token) { k.Key = "pkcs11:token=a;object=other" },
		"module":  func(k *sign.Token) { k.Module = "/usr/lib/other.so" },
	} {
		if key(t, root, v, token(change)) == tokenKey {
			t.Errorf("another token %s gave the same key", name)
		}
	}
	write(t, chain, "certificate B")
	if key(t, root, v, token(func(*sign.Token) {})) == tokenKey {
		t.Error("another certificate chain gave the same key")
	}
}

// TestUpToDate: the stamp holds only while every file it recorded is intact.
func TestUpToDate(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.msi"), "msi")
	write(t, filepath.Join(dir, "sub", "hellosvc.exe"), "exe")
	if upToDate(dir, "k") {
		t.Fatal("up to date without a stamp")
	}
	n, err := writeStamp(dir, "k")
	if err != nil || n != 2 {
		t.Fatalf("writeStamp = %d, %v; want 2 files", n, err)
	}
	if !upToDate(dir, "k") {
		t.Fatal("not up to date right after the stamp")
	}
	if upToDate(dir, "other") {
		t.Error("up to date with another key")
	}
	write(t, filepath.Join(dir, "smoke", "extra.msi"), "made later by another target")
	if !upToDate(dir, "k") {
		t.Error("a file added later made the outputs stale")
	}
	write(t, filepath.Join(dir, "sub", "hellosvc.exe"), "tampered")
	if upToDate(dir, "k") {
		t.Error("up to date with a changed output")
	}
	writeStamp(dir, "k")
	os.Remove(filepath.Join(dir, "a.msi"))
	if upToDate(dir, "k") {
		t.Error("up to date with a deleted output")
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
