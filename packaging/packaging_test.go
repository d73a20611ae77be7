package packaging

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

const repoProduct = "../" + ProductFile

// The door hands on the command's exit code and its output.
func TestMainRunsTheCommand(t *testing.T) {
	var out, errs bytes.Buffer
	if code := Main(context.Background(), []string{"check", "--product", repoProduct}, &out, &errs); code != 0 || !strings.Contains(out.String(), "valid") {
		t.Errorf("svcpack check: exit %d, stdout %q, stderr %q", code, out.String(), errs.String())
	}
	out.Reset()
	errs.Reset()
	if code := Main(context.Background(), []string{"frobnicate"}, &out, &errs); code != 2 || !strings.Contains(errs.String(), `unknown command "frobnicate"`) {
		t.Errorf("svcpack frobnicate: exit %d, stderr %q, want 2 naming the command", code, errs.String())
	}
}

// What the magefile builds for the lifecycle test is the product file's.
func TestLoadProduct(t *testing.T) {
	p, err := LoadProduct(repoProduct)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Product{Name: "hellosvc", Exe: "hellosvc.exe", MainPackage: "./cmd/hellosvc"}); p != want {
		t.Errorf("LoadProduct = %+v, want %+v", p, want)
	}
	if _, err := LoadProduct("../no-such-" + ProductFile); err == nil {
		t.Error("LoadProduct of a missing file: no error")
	}
}
