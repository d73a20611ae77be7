//go:build linux

package cli

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/adoptmod"
	"github.com/svcpack/svcpack/packaging/internal/sign"
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

	// A team that customizes (opt-in): check --render-wxs writes the source,
	// svcpack.yaml's wxs: names it, svcpack msi builds it as it is, and the
	// lint is not vacuous on it: a property spliced into a command line is
	// caught.
	wxs := filepath.Join(dir, "wix", "mysvc.wxs")
	wantExit(t, exitOK, "check", "--product", product, "--render-wxs", wxs)
	_, errs := wantExit(t, exitFailed, "check", "--product", product, "--render-wxs", wxs)
	contains(t, "check --render-wxs over an existing file", errs, "never replaced")
	yaml := strings.Replace(string(read(t, product)), "icon: ", "wxs: wix/mysvc.wxs\nicon: ", 1)
	if err := os.WriteFile(product, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	custom, _ := wantExit(t, exitOK, "check", "--product", product)
	contains(t, "check of a customized product", custom, "wix/mysvc.wxs, the team's own")
	wantExit(t, exitOK, "msi", "--product", product, "--exe", exe, "--arch", "amd64", "--version", "0.1.0", "--out", filepath.Join(t.TempDir(), "custom.msi"))
	src := string(read(t, wxs))
	bad := strings.Replace(src, `ExeCommand="service preflight"`, `ExeCommand="service preflight [STARTTYPE]"`, 1)
	if bad == src {
		t.Fatal("the rendered source has no preflight command line to break")
	}
	if err := os.WriteFile(wxs, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs = wantExit(t, exitFailed, "msi", "--product", product, "--exe", exe, "--arch", "amd64", "--version", "0.1.0", "--out", filepath.Join(t.TempDir(), "bad.msi"))
	contains(t, "msi of a .wxs with a property in a command line", errs, "constant-command-lines")
}

// TestInitMainBuildsForWindows: the main.go skeleton compiles for Windows in
// a module of its own that requires this one (replaced by this checkout).
func TestInitMainBuildsForWindows(t *testing.T) {
	dir := initModule(t)
	adoptedModule(t, dir)
	vet := exec.Command("go", "vet", "./...")
	vet.Dir = dir
	vet.Env = append(os.Environ(), "GOOS=windows", "GOPROXY=off")
	if b, err := vet.CombinedOutput(); err != nil {
		t.Errorf("go vet of init's main.go: %v\n%s", err, b)
	}
}

// freeAddr is a loopback address nothing listens on now (the service binds
// it under Wine, which shares the host's network).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// listenAt makes the main.go init wrote in dir listen on addr, which the
// tests' services must bind instead of init's 127.0.0.1:8080.
func listenAt(t *testing.T, dir, addr string) {
	t.Helper()
	mainGo := filepath.Join(dir, "cmd", "mysvc", "main.go")
	old := string(read(t, mainGo))
	src := strings.Replace(old, `const address = "127.0.0.1:8080"`, `const address = "`+addr+`"`, 1)
	if src == old {
		t.Fatalf("%s has no `const address = \"127.0.0.1:8080\"` to change", mainGo)
	}
	if err := os.WriteFile(mainGo, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// adoptedModule makes dir, where init ran, a module that requires this one
// (replaced by this checkout) and builds its main package for windows/amd64,
// stamped 0.1.0; it returns the exe.
func adoptedModule(t *testing.T, dir string) string {
	t.Helper()
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	// The tool line is the README's `go get -tool`: it puts what `go tool
	// svcpack` needs (the smoke runner's packages too) into go.sum.
	gomod := "module example.com/mysvc\n\ngo 1.26\n\nrequire github.com/svcpack/svcpack v0.0.0\n\ntool github.com/svcpack/svcpack/cmd/svcpack\n\nreplace github.com/svcpack/svcpack => " + root + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	// The checksums come from this repository's go.sum (package adoptmod), so
	// a new machine that never asked the checksum database needs only the
	// module proxy (GOPROXY as the caller set it), or nothing when the module
	// cache holds the modules already. Later steps run with GOPROXY=off: tidy
	// must have fetched all they need.
	if err := adoptmod.SeedSums(root, dir); err != nil {
		t.Fatal(err)
	}
	tidy := exec.Command("go", "mod", "tidy")
	tidy.Dir = dir
	tidy.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if b, err := tidy.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy in the new module: %v\n%s", err, b)
	}
	exe := filepath.Join(dir, "mysvc.exe")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-X main.version=0.1.0", "-o", exe, "./cmd/mysvc")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0", "GOPROXY=off")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build of init's main.go for Windows: %v\n%s", err, b)
	}
	return exe
}

// TestInitDoesNotWriteThroughALink: a folder init writes into that is a
// symbolic link is refused, and nothing is written, here or at its target.
func TestInitDoesNotWriteThroughALink(t *testing.T) {
	dir, target := t.TempDir(), t.TempDir()
	if err := os.Symlink(target, filepath.Join(dir, "wix")); err != nil {
		t.Fatal(err)
	}
	_, errs := wantExit(t, exitFailed, "init", "--dir", dir, "--name", "mysvc", "--company", "Contoso")
	contains(t, "init through a link", errs, filepath.Join(dir, "wix")+" is a link", "nothing was written")
	if got := tree(t, target); len(got) > 0 {
		t.Errorf("init wrote through the link: %v", got)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Errorf("init left %v (%v), want only the link", entries, err)
	}
}
