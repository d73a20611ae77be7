//go:build linux

package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/packaging/internal/sign"
)

// TestInitWrapBuildsALintCleanMSI: the wrapped product init --wrap writes
// packages, with the program's file where wrap.files says, into an MSI that
// passes every lint rule (installed-files among them), and describe and the
// deployment manifest read it as any other.
func TestInitWrapBuildsALintCleanMSI(t *testing.T) {
	t.Setenv(sign.EnvPFX, "")
	dir := testtemp.Dir(t)
	wantExit(t, exitOK, "init", "--dir", dir, "--name", "mysvc", "--company", "Contoso", "--wrap", "myprog.exe")
	prog := filepath.Join(dir, "bin", "amd64", "myprog.exe")
	if err := os.MkdirAll(filepath.Dir(prog), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(prog, []byte("MZ stand-in for the wrapped program"), 0o644); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(t.TempDir(), "mysvc.exe")
	if err := os.WriteFile(exe, []byte("MZ stand-in for svcwrap"), 0o644); err != nil {
		t.Fatal(err)
	}
	product := filepath.Join(dir, "svcpack.yaml")
	out := t.TempDir()
	manifest := filepath.Join(out, "deployment.json")
	wantExit(t, exitOK, "msi", "--product", product, "--exe", exe, "--arch", "amd64", "--version", "0.1.0",
		"--date", "2026-01-02T03:04:05Z", "--dist", out, "--manifest", manifest)
	msi := filepath.Join(out, "mysvc_0.1.0_amd64.msi")
	stdout, _ := wantExit(t, exitOK, "lint", "--product", product, "--version", "0.1.0", msi)
	contains(t, "lint", stdout, msi+": ok (")
	desc, _ := wantExit(t, exitOK, "describe", msi)
	contains(t, "describe", desc, `"STARTTYPE"`, `"INSTALLFOLDER"`)
	contains(t, "deployment.json", string(read(t, manifest)), "mysvc_0.1.0_amd64.msi")

	// The same package built for 386 finds no program file there: named.
	_, errs := wantExit(t, exitFailed, "msi", "--product", product, "--exe", exe, "--arch", "386", "--version", "0.1.0", "--dist", out)
	contains(t, "msi for 386", errs, filepath.Join("bin", "386", "myprog.exe"), "wrap.files")
}
