//go:build linux

// The pipeline runs on the Linux build host: wixl, msitools and osslsigncode
// are Debian packages, and these tests drive them for real. (main_test.go's
// tests run on every OS, Windows under Wine included.)

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/packaging/internal/sign"
)

// fakeExe stands in for the service: wixl and the lint never run it.
func fakeExe(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hellosvc.exe")
	if err := os.WriteFile(path, []byte("MZ stand-in for svcpack msi"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func buildMSI(t *testing.T, arch string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "pkg_"+arch+".msi")
	_, errs := wantExit(t, exitOK, "msi", "--product", repoProduct, "--exe", fakeExe(t), "--arch", arch, "--version", "1.2.3-4-gabcdef0",
		"--commit", "abcdef0123456789abcdef0123456789abcdef01", "--date", "2026-01-02T03:04:05Z", "--out", out)
	contains(t, "msi progress", errs, "svcpack: building "+out, "wixl, fixups, lint", "unsigned: set SVCPACK_SIGN_PFX", "svcpack: wrote "+out, "ProductCode {")
	return out
}

func TestMSILintDescribe(t *testing.T) {
	t.Setenv(sign.EnvPFX, "")
	amd64 := buildMSI(t, "amd64")
	i386 := buildMSI(t, "386")

	// The same inputs give the same bytes: usable as a reproducible hook.
	again := buildMSI(t, "amd64")
	if !bytes.Equal(read(t, amd64), read(t, again)) {
		t.Error("two svcpack msi runs with the same inputs differ")
	}

	out, _ := wantExit(t, exitOK, "lint", "--product", repoProduct, amd64, i386)
	contains(t, "lint", out, amd64+": ok (amd64, every rule)", i386+": ok (386, every rule)")
	wantExit(t, exitOK, "lint", "--product", repoProduct, "--arch", "amd64", "--version", "1.2.3-4-gabcdef0", amd64)

	out, _ = wantExit(t, exitOK, "describe", "--version", "1.2.3-4-gabcdef0", amd64, i386)
	var m deploy.Manifest
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("describe printed no manifest: %v\n%s", err, out)
	}
	if len(m.Packages) != 2 || m.Packages[0].Arch != "386" || m.Packages[1].Arch != "amd64" || m.ReturnCodes["3010"] == "" {
		t.Fatalf("manifest %+v: want the 386 and amd64 packages, sorted, with return codes", m)
	}
	p := m.Packages[1]
	if p.ProductName != "hellosvc" || p.Manufacturer != "svcpack" || p.ProductVersion != "1.2.3.4" || p.Version != "1.2.3-4-gabcdef0" ||
		!strings.Contains(p.UpgradeCode, "D9A7E615-4190-4B0A-A6A0-AA6E18070509") || strings.Join(p.Properties, " ") != "INSTALLFOLDER LISTEN REMOVEDATA STARTTYPE" {
		t.Errorf("amd64 entry %+v", p)
	}

	file := filepath.Join(t.TempDir(), "deployment.json")
	wantExit(t, exitOK, "describe", "-o", file, amd64)
	wantExit(t, exitOK, "describe", "-o", file, i386)
	if got, err := deploy.Read(file); err != nil || len(got.Packages) != 2 {
		t.Errorf("describe -o twice: %v, %+v: want both packages", err, got.Packages)
	}

	_, errs := wantExit(t, exitFailed, "describe", filepath.Join(t.TempDir(), "missing.msi"))
	contains(t, "describe of a missing file", errs, "missing.msi")
}

func TestMSIManifestAndArch(t *testing.T) {
	t.Setenv(sign.EnvPFX, "")
	dir := t.TempDir()
	_, _ = wantExit(t, exitOK, "msi", "--product", repoProduct, "--exe", fakeExe(t), "--arch", "arm64", "--version", "1.0.0",
		"--date", "2026-01-02T03:04:05Z", "--dist", dir, "--manifest", filepath.Join(dir, "deployment.json"))
	m, err := deploy.Read(filepath.Join(dir, "deployment.json"))
	if err != nil || len(m.Packages) != 1 || m.Packages[0].File != "hellosvc_1.0.0_arm64.msi" || m.Packages[0].Platform != "Arm64" {
		t.Fatalf("--dist/--manifest: %v %+v, want hellosvc_1.0.0_arm64.msi in the manifest", err, m.Packages)
	}
	if _, err := os.Stat(filepath.Join(dir, "hellosvc_1.0.0_arm64.msi")); err != nil {
		t.Fatal(err)
	}

	// An architecture the product does not list is refused before anything is built.
	only := writeProduct(t, "architectures: [amd64, 386, arm64]", "architectures: [amd64]")
	out := filepath.Join(t.TempDir(), "x.msi")
	_, errs := wantExit(t, exitFailed, "msi", "--product", only, "--exe", fakeExe(t), "--arch", "386", "--version", "1.0.0", "--out", out)
	contains(t, "msi for an unlisted arch", errs, "--arch 386", "lists only [amd64]")
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s written: %v", out, err)
	}
	_, errs = wantExit(t, exitFailed, "msi", "--product", repoProduct, "--exe", filepath.Join(t.TempDir(), "none.exe"), "--arch", "amd64", "--version", "1.0.0")
	contains(t, "msi of a missing exe", errs, "none.exe", "not a file")
}

func TestLintFailures(t *testing.T) {
	t.Setenv(sign.EnvPFX, "")
	good := buildMSI(t, "amd64")

	// A package of another product: the product file's expectations fail.
	other := writeProduct(t, "company: svcpack ", "company: Contoso ")
	out, errs := wantExit(t, exitFailed, "lint", "--product", other, good)
	contains(t, "lint against another product", out, good+": FAIL", `product-identity: Manufacturer is "svcpack", the product file says "Contoso"`,
		`installer-key: custom action ConfigureService runs "service configure --installer-key SOFTWARE\\svcpack\\hellosvc"`)
	contains(t, "lint stderr", errs, "1 of 1 packages break rules")

	// A broken package: the design's rules fail, every one listed.
	broken := filepath.Join(t.TempDir(), "broken.msi")
	if err := os.WriteFile(broken, read(t, good), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := msidb.Exec(context.Background(), broken, "UPDATE `ServiceInstall` SET `StartName` = 'LocalSystem' WHERE `ServiceInstall` = 'Service'"); err != nil {
		t.Fatal(err)
	}
	out, _ = wantExit(t, exitFailed, "lint", "--product", repoProduct, good, broken)
	contains(t, "lint of a broken package", out, good+": ok", broken+": FAIL: 2 broken rules", "service-account:", "service-identity:")

	// Issue 18: a ProductCode edited to end in cmd.exe syntax fails lint
	// (it passed, "ok") and never reaches describe's uninstall line.
	hostile := filepath.Join(t.TempDir(), "hostile.msi")
	if err := os.WriteFile(hostile, read(t, good), 0o644); err != nil {
		t.Fatal(err)
	}
	code := msiinfoValue(t, good, "ProductCode")
	if err := msidb.Exec(context.Background(), hostile, "UPDATE `Property` SET `Value` = '"+code+"&calc&rem' WHERE `Property` = 'ProductCode'"); err != nil {
		t.Fatal(err)
	}
	out, _ = wantExit(t, exitFailed, "lint", "--product", repoProduct, hostile)
	contains(t, "lint of an edited ProductCode", out, hostile+": FAIL: 1 broken rules", `code-shapes: ProductCode "`+code+`&calc&rem": want a GUID in braces and upper case`)
	out, errs = wantExit(t, exitFailed, "describe", hostile)
	contains(t, "describe of an edited ProductCode", errs, `ProductCode "`+code+`&calc&rem"`)
	if strings.Contains(out, "calc") {
		t.Errorf("describe printed the edited ProductCode:\n%s", out)
	}

	// A wrong version or arch given on the command line.
	out, _ = wantExit(t, exitFailed, "lint", "--product", repoProduct, "--version", "1.2.4", good)
	contains(t, "lint --version", out, `product-version: ProductVersion is "1.2.3.4", want "1.2.4"`)
	out, _ = wantExit(t, exitFailed, "lint", "--product", repoProduct, "--arch", "arm64", good)
	contains(t, "lint --arch", out, `template: Template is "x64;1033", want "Arm64;1033"`)

	// Not an MSI: a failure to read, exit 1, naming the file.
	text := filepath.Join(t.TempDir(), "text.msi")
	if err := os.WriteFile(text, []byte("not a database"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs = wantExit(t, exitFailed, "lint", "--product", repoProduct, text)
	contains(t, "lint of a text file", errs, text)

	// An invalid product file is exit 3 before any package is read.
	_, errs = wantExit(t, exitProduct, "lint", "--product", writeProduct(t, "upgrade_code: D9A7E615", "upgrade_code: d9a7e615"), good)
	contains(t, "lint with a bad product file", errs, "upgrade_code:", "upper case")
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// msiinfoValue is one property of the package at path, read with msiinfo.
func msiinfoValue(t *testing.T, path, name string) string {
	t.Helper()
	out, err := exec.Command("msiinfo", "export", path, "Property").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(out), "\r\n") {
		if k, v, ok := strings.Cut(line, "\t"); ok && k == name {
			return v
		}
	}
	t.Fatalf("%s has no property %s", path, name)
	return ""
}
