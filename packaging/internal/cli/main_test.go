package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
)

const repoProduct = "../../../svcpack.yaml"

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
	path := filepath.Join(testtemp.Dir(t), "svcpack.yaml") // t.TempDir cannot clean up under Wine
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
		contains(t, c.name+" --help", out, "usage: go tool svcpack "+c.name, "exit codes:", "2  bad command line")
		if has := strings.Contains(out, "-product"); has == c.noProduct {
			t.Errorf("%s --help offers --product: %v, want %v (the command reads a product file: %v)", c.name, has, !c.noProduct, !c.noProduct)
		}
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
		`NT SERVICE\hellosvc, start auto`, `HKLM\SOFTWARE\svcpack\hellosvc`, `WER keeps the newest 3 full dumps of hellosvc.exe in %ProgramData%\hellosvc\dumps; of every program named hellosvc.exe on the machine`, "property LISTEN", "setting listen, remembered", "property REMOVEDATA", "on uninstall", "/healthz")

	bad := writeProduct(t, "  account:", "  acount:", "start: auto ", "start: sometimes ")
	_, errs := wantExit(t, exitProduct, "check", "--product", bad)
	contains(t, "check of a bad file", errs, bad+`:17: service.acount: unknown key "acount"`, bad+`:18: service.start: "sometimes" is not valid: expected auto, delayed-auto or manual`)

	_, errs = wantExit(t, exitProduct, "check", "--product", filepath.Join(testtemp.Dir(t), "svcpack.yaml"))
	contains(t, "check of a missing file", errs, "svcpack.yaml", "go tool svcpack init")

	// Issue 19: check renders the MSI's source too, so a setting's pattern
	// that gives the install no first check is refused here, not by msi.
	shapeless := writeProduct(t,
		`pattern: '([A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\]):([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])'`, `pattern: '[A-Za-z0-9.:]+'`,
		`bad: ["8080", "127.0.0.1:99999", "127.0.0.1:0", "127.0.0.1:8080\t--exe"]`, `bad: ["a b"]`)
	_, errs = wantExit(t, exitProduct, "check", "--product", shapeless)
	contains(t, "check of a pattern without a shape", errs, "properties[0] (LISTEN)", "a list of values")
}
