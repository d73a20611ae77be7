package main

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

	"github.com/svcpack/svcpack/packaging/deploy"
	"github.com/svcpack/svcpack/packaging/msidb"
	"github.com/svcpack/svcpack/packaging/sign"
)

const repoProduct = "../../svcpack.yaml"

// svcpack runs the command in-process, as main does, and returns its exit
// code, stdout and stderr.
func svcpack(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &env{stdout: &out, stderr: &errb})
	return code, out.String(), errb.String()
}

func wantExit(t *testing.T, want int, args ...string) (string, string) {
	t.Helper()
	code, out, errs := svcpack(t, args...)
	if code != want {
		t.Fatalf("svcpack %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, out, errs)
	}
	return out, errs
}

func contains(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("%s lacks %q:\n%s", what, p, s)
		}
	}
}

// writeProduct writes svcpack.yaml with the replacements old→new applied.
func writeProduct(t *testing.T, pairs ...string) string {
	t.Helper()
	b, err := os.ReadFile(repoProduct)
	if err != nil {
		t.Fatal(err)
	}
	src := strings.NewReplacer(pairs...).Replace(string(b))
	path := filepath.Join(t.TempDir(), "svcpack.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestUsageAndHelp(t *testing.T) {
	out, _ := wantExit(t, exitOK, "--help")
	contains(t, "svcpack --help", out, "check", "msi", "lint", "describe", "exit codes:", "3  the product file is missing or invalid")
	for _, c := range commands {
		out, _ := wantExit(t, exitOK, c.name, "--help")
		contains(t, c.name+" --help", out, "usage: go tool svcpack "+c.name, "-product", "exit codes:", "2  bad command line")
	}
	out, _ = wantExit(t, exitOK, "help", "msi")
	contains(t, "svcpack help msi", out, "--exe FILE", "post-build hook")

	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "usage: go tool svcpack COMMAND"},
		{[]string{"build"}, `unknown command "build"`},
		{[]string{"check", "--nope"}, "flag provided but not defined: -nope"},
		{[]string{"check", "extra"}, `check takes no arguments, got "extra"`},
		{[]string{"msi", "--arch", "amd64", "--version", "1.2.3"}, "--exe is required"},
		{[]string{"msi", "--exe", "x.exe", "--arch", "x64", "--version", "1.2.3"}, `--arch "x64": want amd64, 386 or arm64`},
		{[]string{"msi", "--exe", "x.exe", "--arch", "amd64", "--version", "200.0.0"}, `--version "200.0.0": want MAJOR.MINOR.PATCH`},
		{[]string{"msi", "--exe", "x.exe", "--arch", "amd64", "--version", "1.0.0", "--date", "yesterday"}, `--date "yesterday": want an RFC 3339 time`},
		{[]string{"lint"}, "lint needs at least one MSI"},
		{[]string{"describe"}, "describe needs at least one MSI"},
		{[]string{"msi", "--exe", "x.exe", "--arch", strings.Repeat("a", 100_000), "--version", "1.0.0"}, "… (100000 bytes)"},
	} {
		_, errs := wantExit(t, exitUsage, c.args...)
		contains(t, "stderr of svcpack "+strings.Join(c.args, " "), errs, c.want)
		if len(errs) > 8192 {
			t.Errorf("svcpack %.40s: %d bytes on stderr: a value was echoed whole", strings.Join(c.args, " "), len(errs))
		}
	}
}

func TestCheck(t *testing.T) {
	out, _ := wantExit(t, exitOK, "check", "--product", repoProduct)
	contains(t, "check", out, "svcpack.yaml: valid", "hellosvc (svcpack hello service), by svcpack", "D9A7E615-4190-4B0A-A6A0-AA6E18070509",
		`NT SERVICE\hellosvc, start auto`, `HKLM\SOFTWARE\svcpack\hellosvc`, "property LISTEN", "setting listen, remembered", "property REMOVEDATA", "on uninstall", "/healthz")

	bad := writeProduct(t, "  account:", "  acount:", "start: auto ", "start: sometimes ")
	_, errs := wantExit(t, exitProduct, "check", "--product", bad)
	contains(t, "check of a bad file", errs, bad+`:17: service.acount: unknown key "acount"`, bad+`:18: service.start: "sometimes" is not valid: expected auto, delayed-auto or manual`)

	_, errs = wantExit(t, exitProduct, "check", "--product", filepath.Join(t.TempDir(), "svcpack.yaml"))
	contains(t, "check of a missing file", errs, "no such file", "go tool svcpack init")
}

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
	if err := msidb.Exec(context.Background(), broken, "UPDATE `ServiceInstall` SET `StartName` = 'LocalSystem' WHERE `ServiceInstall` = 'HelloSvc'"); err != nil {
		t.Fatal(err)
	}
	out, _ = wantExit(t, exitFailed, "lint", "--product", repoProduct, good, broken)
	contains(t, "lint of a broken package", out, good+": ok", broken+": FAIL: 2 broken rules", "service-account:", "service-identity:")

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

// TestExitCodesOfTheBinary runs the built command: os.Exit gets run's code.
func TestExitCodesOfTheBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "svcpack")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"check", "--product", repoProduct}, exitOK},
		{[]string{"check", "--product", writeProduct(t, "name: hellosvc ", "name: 'hello svc' ")}, exitProduct},
		{[]string{"frobnicate"}, exitUsage},
		{[]string{"describe", "/nonexistent/x.msi"}, exitFailed},
	} {
		err := exec.Command(bin, c.args...).Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != c.want {
			t.Errorf("svcpack %s: exit %d, want %d", strings.Join(c.args, " "), code, c.want)
		}
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
