package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/product"
)

// The repository's own declarations are what svcpack.yaml makes.
func TestCheckFindsTheRepositoryDeclarationsCurrent(t *testing.T) {
	out, _ := wantExit(t, exitOK, "check", "--product", repoProduct)
	contains(t, "check", out, "settings declared", product.SettingsGoName+" matches")
}

// A declarations file that no longer matches svcpack.yaml (a pattern, a
// policy or a setting changed without `svcpack settings`) stops check and
// msi, naming the file and the command; `svcpack settings` brings it back.
func TestStaleDeclarationsAreRefusedUntilRewritten(t *testing.T) {
	path := writeProduct(t, "pattern: '([A-Za-z0-9.-]*|", "pattern: '([A-Za-z0-9.]*|")
	gen := filepath.Join(filepath.Dir(path), "cmd", "hellosvc", product.SettingsGoName)
	if err := os.MkdirAll(filepath.Dir(gen), 0o755); err != nil {
		t.Fatal(err)
	}
	repoGen, err := os.ReadFile(filepath.Join("..", "..", "..", "cmd", "hellosvc", product.SettingsGoName))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gen, repoGen, 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs := wantExit(t, exitProduct, "check", "--product", path)
	contains(t, "check with stale declarations", errs, gen+" does not match "+path, "go tool svcpack settings")
	_, errs = wantExit(t, exitProduct, "msi", "--product", path, "--exe", gen, "--arch", "amd64", "--version", "1.2.3", "--commit", "0123456789abcdef", "--date", "2026-01-02T03:04:05Z")
	contains(t, "msi with stale declarations", errs, gen+" does not match")

	out, _ := wantExit(t, exitOK, "settings", "--product", path)
	contains(t, "settings", out, "wrote "+gen)
	b, err := os.ReadFile(gen)
	if err != nil || !strings.Contains(string(b), "`([A-Za-z0-9.]*|") {
		t.Fatalf("rewritten declarations lack the new pattern: %v\n%s", err, b)
	}
	wantExit(t, exitOK, "check", "--product", path)

	// No declarations file: the program declares its settings its own way.
	if err := os.Remove(gen); err != nil {
		t.Fatal(err)
	}
	out, _ = wantExit(t, exitOK, "check", "--product", path)
	if strings.Contains(out, "settings declared") {
		t.Errorf("check reports declarations that are not there:\n%s", out)
	}
}

// A wrapped product's settings are its wrap section's, which svcwrap reads
// from the <name>.yaml the pipeline renders: there is nothing to declare.
func TestSettingsRefusesAWrappedProduct(t *testing.T) {
	_, errs := wantExit(t, exitProduct, "settings", "--product", "../../../examples/wrapdemo/svcpack.yaml")
	contains(t, "settings of a wrapped product", errs, "a wrapped product's settings are its wrap section's")
}
