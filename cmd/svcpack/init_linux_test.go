//go:build linux

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/sign"
)

// TestInitBuildsALintCleanMSI: what init writes is a product svcpack msi
// packages, for every architecture, into an MSI that passes every lint rule
// (constant-command-lines, search-not-secure, preflight-*, configure-*,
// remove-data-*, admin-properties, …) and the product file's expectations.
func TestInitBuildsALintCleanMSI(t *testing.T) {
	t.Setenv(sign.EnvPFX, "")
	dir := initModule(t)
	product := filepath.Join(dir, "svcpack.yaml")
	exe := filepath.Join(t.TempDir(), "mysvc.exe")
	if err := os.WriteFile(exe, []byte("MZ stand-in for svcpack msi"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	var msis []string
	for _, arch := range []string{"amd64", "386", "arm64"} {
		_, errs := wantExit(t, exitOK, "msi", "--product", product, "--exe", exe, "--arch", arch, "--version", "0.1.0",
			"--date", "2026-01-02T03:04:05Z", "--dist", out)
		contains(t, "msi "+arch, errs, "mysvc_0.1.0_"+arch+".msi")
		msis = append(msis, filepath.Join(out, "mysvc_0.1.0_"+arch+".msi"))
	}
	stdout, _ := wantExit(t, exitOK, append([]string{"lint", "--product", product, "--version", "0.1.0"}, msis...)...)
	for _, m := range msis {
		contains(t, "lint", stdout, m+": ok (")
	}

	// The package's admin properties are the built-in three, all secure; the
	// remembered values are not.
	desc, _ := wantExit(t, exitOK, "describe", msis[0])
	contains(t, "describe", desc, `"INSTALLFOLDER"`, `"REMOVEDATA"`, `"STARTTYPE"`)
	if strings.Contains(desc, "REMEMBERED_") || strings.Contains(desc, "LISTEN") {
		t.Errorf("describe lists a remembered value or LISTEN:\n%s", desc)
	}

	// The lint is not vacuous on this package: a property spliced into the
	// configure action's command line is caught.
	wxs := filepath.Join(dir, "wix", "mysvc.wxs")
	src := string(read(t, wxs))
	bad := strings.Replace(src, `ExeCommand="service preflight"`, `ExeCommand="service preflight [STARTTYPE]"`, 1)
	if bad == src {
		t.Fatal("the generated .wxs has no preflight command line to break")
	}
	if err := os.WriteFile(wxs, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs := wantExit(t, exitFailed, "msi", "--product", product, "--exe", exe, "--arch", "amd64", "--version", "0.1.0", "--out", filepath.Join(t.TempDir(), "bad.msi"))
	contains(t, "msi of a .wxs with a property in a command line", errs, "constant-command-lines")
}

// TestInitMainBuildsForWindows: the main.go skeleton compiles for Windows in
// a module of its own that requires this one (replaced by this checkout).
func TestInitMainBuildsForWindows(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a Windows program: not with -short")
	}
	dir := initModule(t)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	gomod := "module example.com/mysvc\n\ngo 1.26\n\nrequire github.com/svcpack/svcpack v0.0.0\n\nreplace github.com/svcpack/svcpack => " + root + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	tidy := exec.Command("go", "mod", "tidy")
	tidy.Dir = dir
	tidy.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
	if b, err := tidy.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy in the new module: %v\n%s", err, b)
	}
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "mysvc.exe"), "./cmd/mysvc")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0", "GOPROXY=off")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build of init's main.go for Windows: %v\n%s", err, b)
	}
	vet := exec.Command("go", "vet", "./...")
	vet.Dir = dir
	vet.Env = append(os.Environ(), "GOOS=windows", "GOPROXY=off")
	if b, err := vet.CombinedOutput(); err != nil {
		t.Errorf("go vet of init's main.go: %v\n%s", err, b)
	}
}
