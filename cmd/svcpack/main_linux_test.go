package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExitCodesOfTheBinary runs the built command: os.Exit gets the code of
// the command line it ran (packaging.Main's, whose own tests are in
// packaging/internal/cli).
func TestExitCodesOfTheBinary(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "svcpack")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const product = "../../svcpack.yaml"
	src, err := os.ReadFile(product)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "svcpack.yaml")
	if err := os.WriteFile(bad, []byte(strings.Replace(string(src), "name: hellosvc ", "name: 'hello svc' ", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"check", "--product", product}, 0},
		{[]string{"check", "--product", bad}, 3}, // the product file is invalid
		{[]string{"frobnicate"}, 2},              // bad command line
		{[]string{"describe", "/nonexistent/x.msi"}, 1},
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
