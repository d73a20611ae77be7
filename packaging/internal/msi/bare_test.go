package msi

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/product"
)

// TestBareWixlIsBuildsFirstStep: the baseline compiles the same product (the
// same ProductCode and installed file as Build's package) and nothing of
// Build's own work is in it (RemoveExistingProducts where wixl put it, not
// where the fixup moves it).
func TestBareWixlIsBuildsFirstStep(t *testing.T) {
	ctx := context.Background()
	p, err := product.Load("../../../" + product.FileName)
	if err != nil {
		t.Fatal(err)
	}
	opts := testOptions(t, fakeExe(t, "bare"), AMD64)
	opts.Product = p
	if _, err := BareWixl(ctx, Options{}, t.TempDir()); err == nil {
		t.Error("BareWixl without a product: no error")
	}
	bare := opts
	bare.Out = filepath.Join(t.TempDir(), "bare.msi")
	cmd, err := BareWixl(ctx, bare, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
	}
	if err := Build(ctx, opts); err != nil {
		t.Fatal(err)
	}
	code := func(path string) string {
		return export(t, path, "Property").Find("Property", "ProductCode")[0]["Value"]
	}
	if got, want := code(bare.Out), code(opts.Out); got != want {
		t.Errorf("bare ProductCode %s, Build's %s", got, want)
	}
	if got, want := len(export(t, bare.Out, "File").Rows), len(export(t, opts.Out, "File").Rows); got != want || got == 0 {
		t.Errorf("bare File rows %d, Build's %d", got, want)
	}
	if seq := export(t, bare.Out, "InstallExecuteSequence").Find("Action", "RemoveExistingProducts"); len(seq) == 1 && seq[0]["Sequence"] == "1501" {
		t.Error("bare wixl output has the fixups' RemoveExistingProducts sequence: not the bare compile")
	}
	if _, err := os.Stat(bare.Out); err != nil {
		t.Error(err)
	}
}
