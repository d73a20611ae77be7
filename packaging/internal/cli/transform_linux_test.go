//go:build linux

package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/sign"
	"github.com/svcpack/svcpack/packaging/internal/transform"
	"github.com/svcpack/svcpack/packaging/internal/wine"
)

// TestTransformCommand: svcpack transform writes a transform for the
// product's MSI, and refuses, naming property, value and pattern, what the
// product file does not allow, and another product's MSI.
func TestTransformCommand(t *testing.T) {
	t.Setenv(sign.EnvPFX, "")
	dir := initModule(t)
	product := filepath.Join(dir, "svcpack.yaml")
	pkg := adoptedMSI(t, dir, standInExe(t), "0.1.0")
	mst := filepath.Join(t.TempDir(), "site.mst")

	_, errs := wantExit(t, exitOK, "transform", "--product", product, "--set", "STARTTYPE=manual", "--set", `INSTALLFOLDER=D:\Apps\mysvc`, "-o", mst, pkg)
	contains(t, "transform", errs, "wrote "+mst, "2 properties for mysvc 0.1.0")
	if b := read(t, mst); len(b) < 512 || string(b[:8]) != "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" {
		t.Fatalf("%s is not a compound file", mst)
	}

	_, errs = wantExit(t, exitUsage, "transform", "--product", product, "--set", "STARTTYPE=sometimes", "--set", "LISTEN=:9000", "--set", "REMOVEDATA=1", "-o", mst, pkg)
	contains(t, "transform with bad settings", errs,
		`STARTTYPE="sometimes" does not match its pattern auto|delayed-auto|manual`,
		`"LISTEN" is not a property svcpack.yaml declares (it declares STARTTYPE, INSTALLFOLDER, REMOVEDATA)`,
		"REMOVEDATA applies to uninstall")
	_, errs = wantExit(t, exitUsage, "transform", "--product", product, "--set", "STARTTYPE", "-o", mst, pkg)
	contains(t, "transform --set without =", errs, `"STARTTYPE" is not NAME=VALUE`)
	wantExit(t, exitUsage, "transform", "--product", product, "--set", "STARTTYPE=auto", pkg)
	wantExit(t, exitUsage, "transform", "--product", product, "-o", mst, pkg)

	// hellosvc's product file, mysvc's MSI: refused by upgrade code.
	_, errs = wantExit(t, exitFailed, "transform", "--product", "../../../svcpack.yaml", "--set", "STARTTYPE=auto", "-o", mst, pkg)
	contains(t, "transform of another product's MSI", errs, "not hellosvc's", "make the transform from hellosvc's own MSI")
}

// TestTransformUnderWine: transforms made here, used under Wine (one prefix)
// by two Windows tests in transform_windows_test.go. TestTransformMSI: Wine's
// msi.dll applies site.mst to a package made by init and reads the values
// back; msiexec installs with TRANSFORMS=site.mst and the values reach the
// service; the upgrade to 0.2.0 keeps them; the uninstall removes
// everything; transforms for another version or product must be refused by
// msiexec (asserted on Windows, NOT VERIFIABLE under Wine, which does not
// validate them). TestTransformHellosvc: hellosvc installed with a transform
// that sets LISTEN answers there, and its config.json holds it.
func TestTransformUnderWine(t *testing.T) {
	t.Setenv(sign.EnvPFX, "")
	dir := initModule(t)
	addr := freeAddr(t)
	listenAt(t, dir, addr)
	f := makeTransformFixtures(t, dir, freeAddr(t))

	var log strings.Builder
	err := wine.GoTest(context.Background(), wine.GoTestOptions{
		Packages: []string{"."},
		Flags:    []string{"-count=1", "-v", "-run=^(TestTransformMSI|TestTransformHellosvc)$"},
		Env: []string{envTransformMSI + "=" + f.pkg, envTransformNext + "=" + f.next, envTransformSite + "=" + f.site,
			envTransformVersion + "=" + f.otherVersion, envTransformProduct + "=" + f.otherProduct, envTransformAddr + "=" + addr,
			envHellosvcMSI + "=" + f.hello, envHellosvcMST + "=" + f.helloMST, envHellosvcAddr + "=" + f.helloAddr,
			envHellosvcMoved + "=" + freeAddr(t)},
		Stdout: &log,
		Stderr: &log,
	})
	if err != nil || !strings.Contains(log.String(), "--- PASS: TestTransformMSI") || !strings.Contains(log.String(), "--- PASS: TestTransformHellosvc") {
		t.Fatalf("TestTransformMSI and TestTransformHellosvc under Wine: %v\n%s", err, log.String())
	}
	t.Logf("under Wine:\n%s", log.String())
}

// transformFixtures are the packages and transforms TestTransformMSI and
// TestTransformHellosvc use, made under Wine's driver and for Windows CI
// (TestWindowsFixtures) alike.
type transformFixtures struct {
	pkg, next, site, otherVersion, otherProduct string // mysvc
	hello, helloMST, helloAddr                  string // hellosvc
}

// makeTransformFixtures builds the module init wrote in dir (its address
// already set) as mysvc 0.1.0 and 0.2.0, site.mst for 0.1.0, a transform
// made from 0.2.0 and one for another product; and hellosvc 1.0.0 with a
// transform setting LISTEN to helloAddr.
func makeTransformFixtures(t *testing.T, dir, helloAddr string) transformFixtures {
	t.Helper()
	exe := adoptedModule(t, dir)
	productFile := filepath.Join(dir, "svcpack.yaml")
	f := transformFixtures{pkg: adoptedMSI(t, dir, exe, "0.1.0"), next: adoptedMSI(t, dir, exe, "0.2.0"), helloAddr: helloAddr}
	out := t.TempDir()
	f.site, f.otherVersion, f.otherProduct = filepath.Join(out, "site.mst"), filepath.Join(out, "version.mst"), filepath.Join(out, "product.mst")
	wantExit(t, exitOK, "transform", "--product", productFile, "--set", "STARTTYPE="+siteStartType, "--set", "INSTALLFOLDER="+siteFolder, "-o", f.site, f.pkg)
	wantExit(t, exitOK, "transform", "--product", productFile, "--set", "STARTTYPE="+siteStartType, "-o", f.otherVersion, f.next)
	otherProductTransform(t, productFile, f.pkg, f.otherProduct)
	f.hello, f.helloMST = hellosvcWithTransform(t, helloAddr)
	return f
}

// hellosvcWithTransform builds hellosvc 1.0.0's amd64 MSI and a transform for
// it that sets LISTEN to addr; it returns both.
func hellosvcWithTransform(t *testing.T, addr string) (pkg, mst string) {
	t.Helper()
	dir := t.TempDir()
	exe := filepath.Join(dir, "hellosvc.exe")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-X main.version=1.0.0", "-o", exe, "../../../cmd/hellosvc")
	build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build hellosvc for Windows: %v\n%s", err, b)
	}
	pkg = filepath.Join(dir, "hellosvc_1.0.0_amd64.msi")
	wantExit(t, exitOK, "msi", "--product", "../../../svcpack.yaml", "--exe", exe, "--arch", "amd64", "--version", "1.0.0",
		"--date", "2026-01-02T03:04:05Z", "--out", pkg)
	mst = filepath.Join(dir, "listen.mst")
	wantExit(t, exitOK, "transform", "--product", "../../../svcpack.yaml", "--set", "LISTEN="+addr, "-o", mst, pkg)
	return pkg, mst
}

// otherProductTransform writes a transform like site.mst but made for
// another product: another product code and upgrade code, the same version.
func otherProductTransform(t *testing.T, productFile, pkg, out string) {
	t.Helper()
	p, err := product.Load(productFile)
	if err != nil {
		t.Fatal(err)
	}
	target, err := transform.ReadTarget(context.Background(), pkg)
	if err != nil {
		t.Fatal(err)
	}
	target.ProductCode, target.UpgradeCode = "{11111111-2222-3333-4444-555555555555}", "{66666666-7777-8888-9999-000000000000}"
	if err := transform.Check(p, []transform.Setting{{Name: "STARTTYPE", Value: siteStartType}}); err != nil {
		t.Fatal(err)
	}
	b, err := transform.Build(target, []transform.Setting{{Name: "STARTTYPE", Value: siteStartType}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// adoptedMSI packages exe, for the module init wrote in dir, as version's
// amd64 MSI.
func adoptedMSI(t *testing.T, dir, exe, version string) string {
	t.Helper()
	pkg := filepath.Join(t.TempDir(), "mysvc_"+version+"_amd64.msi")
	wantExit(t, exitOK, "msi", "--product", filepath.Join(dir, "svcpack.yaml"), "--exe", exe, "--arch", "amd64", "--version", version,
		"--date", "2026-01-02T03:04:05Z", "--out", pkg)
	return pkg
}

func standInExe(t *testing.T) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), "mysvc.exe")
	if err := os.WriteFile(exe, []byte("MZ stand-in for svcpack msi"), 0o644); err != nil {
		t.Fatal(err)
	}
	return exe
}
