package sign_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/sign"
	"github.com/svcpack/svcpack/packaging/internal/version"
)

// windowsExe builds a small real PE: osslsigncode signs only well-formed ones.
func windowsExe(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "hellosvc.exe")
	cmd := exec.Command("go", "build", "-o", exe, src)
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return exe
}

func TestSignAndVerify(t *testing.T) {
	ctx := context.Background()
	pfx, ca := testCert(t, "svcpack")
	_, otherCA := testCert(t, "other")
	exe := windowsExe(t)
	if err := sign.Verify(ctx, exe, ca); err == nil {
		t.Fatal("an unsigned exe verified")
	}
	exe, msi := signExeAndMSI(t, &sign.Signer{PFX: pfx, Password: "test-password"}, exe)
	assertSignatures(t, ca, otherCA, exe, msi)
}

// signExeAndMSI signs exe (twice: signing a signed file replaces its
// signature), then builds an MSI that packages it and is signed after it is
// built, as the pipeline does.
func signExeAndMSI(t *testing.T, signer *sign.Signer, exe string) (signedExe, signedMSI string) {
	t.Helper()
	ctx := context.Background()
	if err := deps.Ensure(ctx, deps.MSI...); err != nil {
		t.Fatal(err)
	}
	if err := signer.File(ctx, exe); err != nil {
		t.Fatal(err)
	}
	if err := signer.File(ctx, exe); err != nil {
		t.Fatalf("signing a signed file again: %v", err)
	}
	out := filepath.Join(t.TempDir(), "hellosvc.msi")
	p, err := product.Load("../../../" + product.FileName)
	if err != nil {
		t.Fatal(err)
	}
	err = msi.Build(ctx, msi.Options{
		Product: p, Icon: "../../../wix/hellosvc.ico", Exe: exe, Arch: msi.AMD64,
		Version: version.Info{Version: "1.0.0", MSI: "1.0.0", Time: time.Unix(1700000000, 0)},
		Out:     out, Signer: signer,
	})
	if err != nil {
		t.Fatal(err)
	}
	return exe, out
}

// assertSignatures checks that exe and msi verify against ca, not against
// otherCA, and not once a byte of their signed content is flipped.
func assertSignatures(t *testing.T, ca, otherCA, exe, msi string) {
	t.Helper()
	ctx := context.Background()
	for _, f := range []struct {
		path   string
		marker []byte // bytes inside the signed content to flip
	}{
		{exe, []byte("main.main")},
		{msi, []byte("Installation Database")},
	} {
		if err := sign.Verify(ctx, f.path, ca); err != nil {
			t.Fatalf("signed %s does not verify: %v", filepath.Base(f.path), err)
		}
		if err := sign.Verify(ctx, f.path, otherCA); err == nil {
			t.Errorf("%s verified against a CA that did not issue its certificate", filepath.Base(f.path))
		}
		flipped := flip(t, f.path, f.marker)
		if err := sign.Verify(ctx, flipped, ca); err == nil {
			t.Errorf("%s with a flipped byte verified", filepath.Base(f.path))
		}
	}
}

func TestWrongPasswordFails(t *testing.T) {
	pfx, _ := testCert(t, "svcpack")
	exe := windowsExe(t)
	err := (&sign.Signer{PFX: pfx, Password: "wrong"}).File(context.Background(), exe)
	if err == nil {
		t.Fatal("signing with a wrong password succeeded")
	}
}

// flip copies path with one byte of the first occurrence of marker changed.
func flip(t *testing.T, path string, marker []byte) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, marker)
	if i < 0 {
		t.Fatalf("%q not found in %s", marker, path)
	}
	b[i] ^= 0x01
	out := filepath.Join(t.TempDir(), "flipped"+filepath.Ext(path))
	if err := os.WriteFile(out, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDistSignsExeThenMSI: with a signer, Dist packages a signed exe and
// signs the MSI after it is patched.
func TestDistSignsExeThenMSI(t *testing.T) {
	ctx := context.Background()
	pfx, ca := testCert(t, "svcpack")
	out := t.TempDir()
	info, _ := version.Parse("1.0.0")
	info.Time = time.Unix(1700000000, 0)
	outs, err := msi.Dist(ctx, msi.DistOptions{
		Root: "../../..", OutDir: out, Arches: []msi.Arch{msi.AMD64}, Version: &info,
		Signer: &sign.Signer{PFX: pfx, Password: "test-password"}, Log: io.Discard,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := sign.Verify(ctx, outs[0], ca); err != nil {
		t.Fatalf("MSI: %v", err)
	}
	signedExe := filepath.Join(out, ".build", "amd64", "signed", "hellosvc.exe")
	if err := sign.Verify(ctx, signedExe, ca); err != nil {
		t.Fatalf("exe: %v", err)
	}
	fi, err := os.Stat(signedExe)
	if err != nil {
		t.Fatal(err)
	}
	files, err := msidb.Export(ctx, outs[0], "File")
	if err != nil {
		t.Fatal(err)
	}
	if got := files.Find("File", "ServiceExe")[0]["FileSize"]; got != strconv.FormatInt(fi.Size(), 10) {
		t.Fatalf("packaged exe is %s bytes, the signed exe %d: the MSI holds another file", got, fi.Size())
	}
}

// A PKCS#12 exported without a password signs: osslsigncode refuses an empty
// password file, so no password means no password option at all.
func TestPFXWithoutPassword(t *testing.T) {
	ctx := context.Background()
	pfx, ca := testCertPassword(t, "svcpack", "")
	exe := windowsExe(t)
	if err := (&sign.Signer{PFX: pfx}).File(ctx, exe); err != nil {
		t.Fatal(err)
	}
	if err := sign.Verify(ctx, exe, ca); err != nil {
		t.Fatal(err)
	}
}
