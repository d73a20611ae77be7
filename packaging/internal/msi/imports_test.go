package msi

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

// The .idt imports share the fixups' msibuild process unless one replaces a
// table the fixups read: a Property table imported over wixl's must have
// its public property listed in SecureCustomProperties, which the fixups can
// do only by reading the table after the import; the Error table goes in
// with the fixups.
func TestImportsTheFixupsReadGoFirst(t *testing.T) {
	ctx := context.Background()
	p, err := product.Load("../../../" + product.FileName)
	if err != nil {
		t.Fatal(err)
	}
	opts := testOptions(t, fakeExe(t, "imports"), AMD64)
	opts.Product = p
	cmd, err := BareWixl(ctx, opts, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
	}
	var idt strings.Builder
	idt.WriteString("Property\tValue\r\ns72\tl0\r\nProperty\tProperty\r\n")
	for _, r := range export(t, opts.Out, "Property").Rows {
		idt.WriteString(r["Property"] + "\t" + r["Value"] + "\r\n")
	}
	idt.WriteString("IMPORTEDPROP\tx\r\n")
	props := filepath.Join(t.TempDir(), "Property.idt")
	if err := os.WriteFile(props, []byte(idt.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	errors := filepath.Join(t.TempDir(), "Error.idt")
	if err := os.WriteFile(errors, []byte("Error\tMessage\r\ni2\tL0\r\nError\tError\r\n1722\tThe configure action failed.\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, with, err := splitImports([]string{errors, props}, fixupReads)
	if err != nil || !slices.Equal(before, []string{props}) || !slices.Equal(with, []string{errors}) {
		t.Fatalf("splitImports: before %v, with %v, %v; want the Property table before, Error with the fixups", before, with, err)
	}
	if err := fixup(ctx, msidb.Open(opts.Out), AMD64, []string{errors, props}, nil); err != nil {
		t.Fatal(err)
	}
	secure, err := msidb.SecureCustomProperties(ctx, opts.Out)
	if err != nil || !slices.Contains(secure, "IMPORTEDPROP") {
		t.Errorf("SecureCustomProperties %v, %v: want IMPORTEDPROP, which only the imported Property table has", secure, err)
	}
	if rows := export(t, opts.Out, "Error").Find("Error", "1722"); len(rows) != 1 {
		t.Errorf("Error rows for 1722: %v, want the imported one", rows)
	}
}

// idtTable names the table an .idt replaces, and the codepage.
func TestIdtTable(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ content, want, wantErr string }{
		{"Error\tMessage\r\ni2\tL0\r\nError\tError\r\n1722\tx\r\n", "Error", ""},
		{"\r\n\r\n1252\t_ForceCodepage\r\n", "_ForceCodepage", ""},
		{"Error\tMessage\r\ni2\tL0\r\n", "", "2 lines"},
		{"a\r\nb\r\n\tError\r\n", "", "names no table"},
	} {
		path := filepath.Join(dir, "t.idt")
		if err := os.WriteFile(path, []byte(c.content), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := idtTable(path)
		if c.wantErr == "" && (err != nil || got != c.want) {
			t.Errorf("%q: %q, %v; want %q", c.content, got, err, c.want)
		}
		if c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
			t.Errorf("%q: %q, %v; want an error with %q", c.content, got, err, c.wantErr)
		}
	}
}
