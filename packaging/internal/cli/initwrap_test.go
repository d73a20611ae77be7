package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

// TestInitWrap: init --wrap writes a wrapped product: svcpack.yaml with a
// wrap section that checks (svcwrap's parser included), from which svcpack
// msi renders a source that installs the wrapped files, and no main.go.
func TestInitWrap(t *testing.T) {
	dir := testtemp.Dir(t)
	out, _ := wantExit(t, exitOK, "init", "--dir", dir, "--name", "mysvc", "--company", "Contoso", "--wrap", "myprog.exe")
	contains(t, "init --wrap output", out, "UpgradeCode ", product.WrapperMain, "go tool svcpack msi")
	got := tree(t, dir)
	for _, f := range []string{"svcpack.yaml", "wix/mysvc.ico", ".goreleaser.yaml"} {
		if _, ok := got[f]; !ok {
			t.Errorf("init --wrap did not write %s", f)
		}
	}
	if len(got) != 3 {
		t.Errorf("init --wrap wrote %d files, want 3 (no main.go, no WiX source)", len(got))
	}
	p, err := product.Load(filepath.Join(dir, "svcpack.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Wrap == nil || p.Wrap.Program != "myprog.exe" || len(p.Wrap.Files) != 1 || p.Wrap.Files[0] != "bin/{arch}/myprog.exe" || p.Main != product.WrapperMain {
		t.Errorf("wrap %+v main %q", p.Wrap, p.Main)
	}
	wxs, err := msi.RenderWXS(p)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "the rendered source", string(wxs), `<ComponentGroupRef Id="WrapFiles" />`)
	// goreleaser builds svcwrap, a package of svcpack's module, by its path.
	contains(t, ".goreleaser.yaml", got[".goreleaser.yaml"], "    main: "+product.WrapperMain+"\n", "    binary: mysvc\n", "    no_main_check: true")
	// A health check where smoke expects the service: without one, svcwrap
	// reports RUNNING as soon as the program runs, and an install whose
	// address another program holds succeeds.
	health := "http://" + p.Smoke.Address + p.Smoke.Health
	if p.Wrap.Health.HTTP != health {
		t.Errorf("wrap.health.http = %q, want %q (smoke.address and smoke.health)", p.Wrap.Health.HTTP, health)
	}
	if rendered, err := p.WrapConfig(); err != nil || !strings.Contains(string(rendered), health) {
		t.Errorf("the rendered svcwrap config has no health check:\n%s (%v)", rendered, err)
	}
	check, _ := wantExit(t, exitOK, "check", "--product", filepath.Join(dir, "svcpack.yaml"))
	contains(t, "check", check, "wrapped program", "myprog.exe", "bin/{arch}/myprog.exe")

	// Without --wrap the template has no wrap section and no group.
	plain, err := product.Load(filepath.Join(initModule(t), "svcpack.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if s, err := msi.RenderWXS(plain); err != nil || strings.Contains(string(s), "WrapFiles") {
		t.Error("init without --wrap wrote the wrapped files' ComponentGroupRef")
	}
}

// TestInitWrapRefuses: a path for --wrap, a program svcwrap would not run,
// and --main with --wrap are refused, naming the flag, with nothing written.
func TestInitWrapRefuses(t *testing.T) {
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--wrap", `bin\myprog.exe`}, "--wrap"},
		{[]string{"--wrap", "run.bat"}, "--wrap"},
		{[]string{"--wrap", "myprog.exe", "--main", "./cmd/x"}, "--main and --wrap"},
	} {
		dir := testtemp.Dir(t)
		_, errs := wantExit(t, exitUsage, append([]string{"init", "--dir", dir, "--name", "mysvc", "--company", "Contoso"}, c.args...)...)
		contains(t, strings.Join(c.args, " "), errs, c.msg)
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%v: init wrote %d files", c.args, len(entries))
		}
	}
}
