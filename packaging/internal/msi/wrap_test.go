package msi

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/msilint"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

// wrapDemo is the sample wrapped product loaded from a copy of its folder
// in which its program file is a stand-in (wixl and the lint never run it).
func wrapDemo(t *testing.T) (*product.Product, string) {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile("../../../examples/wrapdemo/svcpack.yaml")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "svcpack.yaml")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	prog := filepath.Join(dir, "console", "bin", "amd64", "console.exe")
	if err := os.MkdirAll(filepath.Dir(prog), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(prog, []byte("MZconsole"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := product.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	return p, dir
}

func wrapOptions(t *testing.T, p *product.Product, out string) Options {
	return Options{
		Product: p,
		Icon:    "../../../examples/wrapdemo/wix/wrapdemo.ico",
		Exe:     fakeExe(t, "wrapper"),
		Arch:    AMD64,
		Version: testVersion,
		Out:     out,
	}
}

// TestBuildInstallsTheWrappedFiles: a wrapped product's MSI installs
// <name>.yaml and the program's files into INSTALLFOLDER, each in a 64-bit
// component of the feature whose GUID is derived from the upgrade code and
// the file's name (the same in every version), and passes every lint rule,
// installed-files among them.
func TestBuildInstallsTheWrappedFiles(t *testing.T) {
	p, dir := wrapDemo(t)
	var guids []string
	for _, v := range []string{"1.0.0", "1.1.0"} {
		opts := wrapOptions(t, p, filepath.Join(dir, v+".msi"))
		opts.Version.Version, opts.Version.MSI = v, v
		if err := Build(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
		files := export(t, opts.Out, "File")
		comps := export(t, opts.Out, "Component")
		fc := export(t, opts.Out, "FeatureComponents")
		var got []string
		for _, name := range []string{"wrapdemo.exe", "wrapdemo.yaml", "console.exe"} {
			rows := files.Find("FileName", name)
			if len(rows) != 1 {
				t.Fatalf("%s: File rows for %s: %v", v, name, rows)
			}
			c := comps.Find("Component", rows[0]["Component_"])[0]
			if c["Directory_"] != "INSTALLFOLDER" || c["Attributes"] != "256" || len(fc.Find("Component_", c["Component"])) != 1 {
				t.Errorf("%s: %s's component %v (features %v): want INSTALLFOLDER, 64-bit, in the feature", v, name, c, fc.Find("Component_", c["Component"]))
			}
			got = append(got, c["ComponentId"])
		}
		want, err := wrapComponentGUID(p.UpgradeCode, "console.exe")
		if err != nil {
			t.Fatal(err)
		}
		if got[2] != want {
			t.Errorf("console.exe's component GUID %s, want %s (UUIDv5 of the upgrade code and the name)", got[2], want)
		}
		if guids != nil && strings.Join(got, " ") != strings.Join(guids, " ") {
			t.Errorf("component GUIDs changed between versions: %v, then %v", guids, got)
		}
		guids = got
	}
}

// TestBuildNamesAMissingWrappedFile: a program file that is not there
// fails the build naming it, before wixl.
func TestBuildNamesAMissingWrappedFile(t *testing.T) {
	p, dir := wrapDemo(t)
	prog := filepath.Join(dir, "console", "bin", "amd64", "console.exe")
	if err := os.Remove(prog); err != nil {
		t.Fatal(err)
	}
	err := Build(context.Background(), wrapOptions(t, p, filepath.Join(dir, "out.msi")))
	if err == nil || !strings.Contains(err.Error(), prog) || !strings.Contains(err.Error(), "wrap.files") {
		t.Fatalf("Build: %v; want an error naming %s", err, prog)
	}
}

// TestLintWantsTheWrappedFiles: a team's own .wxs (wxs:, the rendered
// source edited) without the template's ComponentGroupRef leaves the
// program's files out of every feature; the installed-files rule fails that
// build.
func TestLintWantsTheWrappedFiles(t *testing.T) {
	p, dir := wrapDemo(t)
	src, err := RenderWXS(p)
	if err != nil {
		t.Fatal(err)
	}
	wxs := filepath.Join(dir, "no-ref.wxs")
	if err := os.WriteFile(wxs, []byte(strings.Replace(string(src), `<ComponentGroupRef Id="WrapFiles" />`, "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := wrapOptions(t, p, filepath.Join(dir, "out.msi"))
	opts.WXS = wxs
	err = Build(context.Background(), opts)
	if err == nil || !strings.Contains(err.Error(), msilint.RuleInstalledFiles) {
		t.Fatalf("Build without the ComponentGroupRef: %v; want the %s rule to fail it", err, msilint.RuleInstalledFiles)
	}
}
