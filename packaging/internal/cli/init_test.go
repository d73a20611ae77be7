package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

// Set by TestAdoptGoService (Linux; TestWindowsFixtures for Windows CI) for TestAdoptedMSI (Windows).
const (
	envAdoptMSI  = "SVCPACK_ADOPT_MSI"  // the MSI of the module init wrote
	envAdoptAddr = "SVCPACK_ADOPT_ADDR" // where its service answers
)

// initFiles are what init writes for --name mysvc with the default --main.
// No WiX source and no Error table: svcpack msi renders them (issue 19).
var initFiles = []string{"svcpack.yaml", "wix/mysvc.ico", "cmd/mysvc/main.go", ".goreleaser.yaml"}

// initModule runs init in a fresh directory and returns it.
func initModule(t *testing.T, args ...string) string {
	t.Helper()
	dir := testtemp.Dir(t)
	out, _ := wantExit(t, exitOK, append([]string{"init", "--dir", dir, "--name", "mysvc", "--company", "Contoso"}, args...)...)
	contains(t, "init output", out, "UpgradeCode ", "go tool svcpack msi", "goreleaser release --snapshot --clean")
	return dir
}

// tree is every file under dir with its content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestInitWritesAProductThatChecks(t *testing.T) {
	dir := initModule(t, "--display-name", "My service", "--description", "Does things, carefully.")
	got := tree(t, dir)
	var names []string
	for n := range got {
		names = append(names, n)
	}
	slices.Sort(names)
	want := slices.Clone(initFiles)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("init wrote %v, want %v", names, want)
	}
	out, _ := wantExit(t, exitOK, "check", "--product", filepath.Join(dir, "svcpack.yaml"))
	contains(t, "check of init's product file", out, "mysvc (My service), by Contoso", "./cmd/mysvc", "svcpack's template, rendered from this file at build time",
		`HKLM\SOFTWARE\Contoso\mysvc`, "property STARTTYPE", "property INSTALLFOLDER", "property REMOVEDATA")
	if strings.Contains(out, "setting ") {
		t.Errorf("init's product file has a property with a setting; want only the built-in ones:\n%s", out)
	}

	if got["wix/mysvc.ico"] != string(slurp(t, "../../../wix/hellosvc.ico")) {
		t.Error("wix/mysvc.ico is not the embedded icon")
	}
	contains(t, "main.go", got["cmd/mysvc/main.go"], "service.Run(service.Config{", `Name:              "mysvc"`, `DisplayName:       "My service"`, `"127.0.0.1:8080"`)
}

// TestInitKeepsTheHardenedPattern: init's product, which has no property
// with a setting, renders into a source that schedules every check and
// custom action of the hardened pattern with the same conditions and
// constant command lines as hellosvc's, only without LISTEN's rows.
func TestInitKeepsTheHardenedPattern(t *testing.T) {
	render := func(file string) string {
		p, err := product.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		b, err := msi.RenderWXS(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	wxs := render(filepath.Join(initModule(t), "svcpack.yaml"))
	hello := render(repoProduct)
	scheduled := regexp.MustCompile(`(?m)^\s*<Custom Action="(\w+)" Sequence="\d+">.*$`)
	var actions []string
	for _, m := range scheduled.FindAllStringSubmatch(wxs, -1) {
		actions = append(actions, m[1])
		line := regexp.MustCompile(`Sequence="\d+"`).ReplaceAllString(m[0], "") // numbered per product
		switch m[1] {
		case "ChangeNeedsRegistry", "ChangeNeedsAdmin": // hellosvc's add LISTEN
			if !strings.Contains(m[0], "(ChangedStartType)") {
				t.Errorf("%s is not conditioned on a changed STARTTYPE: %s", m[1], strings.TrimSpace(m[0]))
			}
		default:
			if !strings.Contains(regexp.MustCompile(`Sequence="\d+"`).ReplaceAllString(hello, ""), line) {
				t.Errorf("the line rendered for init's product differs from hellosvc's:\n%s", strings.TrimSpace(m[0]))
			}
		}
	}
	for _, a := range []string{"ForeignService", "InvalidInstallFolder", "InstallFolderMoved", "ChangeNeedsRegistry", "ChangeNeedsAdmin",
		"InvalidStartType", "InvalidRemoveData", "Preflight", "ConfigureService", "RemoveData"} {
		if !slices.Contains(actions, a) {
			t.Errorf("the source rendered for init's product does not schedule %s", a)
		}
	}
	if strings.Contains(wxs, "LISTEN") || strings.Contains(wxs, "{{") {
		t.Error("the source rendered for init's product holds hellosvc's LISTEN or a template action")
	}
	for _, line := range []string{
		`ExeCommand="service preflight" />`,
		`ExeCommand="service configure --installer-key SOFTWARE\$(var.Company)\$(var.Name)" />`,
		`ExeCommand="service remove-data" />`,
		`<RegistryValue Name="StartType" Type="string" Value="[STARTTYPE]" KeyPath="yes" />`,
		`<Condition Message="[InvalidProperty]">NOT InvalidProperty</Condition>`,
	} {
		if !strings.Contains(wxs, line) || !strings.Contains(hello, line) {
			t.Errorf("the sources rendered for init's product and hellosvc do not both hold %s", line)
		}
	}
}

func TestInitGUIDsAreFresh(t *testing.T) {
	guid := regexp.MustCompile(`[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}`)
	hello := guid.FindAllString(string(slurp(t, repoProduct)), -1)
	seen := map[string]string{}
	for _, g := range hello {
		seen[g] = "hellosvc"
	}
	for i := range 2 {
		files := tree(t, initModule(t))
		found := guid.FindAllString(files["svcpack.yaml"], -1)
		if len(found) != 1 { // the upgrade code; the component GUIDs are derived from it at build time
			t.Fatalf("init %d wrote %d GUIDs, want 1: %v", i, len(found), found)
		}
		for _, g := range found {
			if g != strings.ToUpper(g) {
				t.Errorf("GUID %s is not upper case", g)
			}
			if where, dup := seen[g]; dup {
				t.Errorf("init %d wrote the GUID %s that %s has too", i, g, where)
			}
			seen[g] = "another init"
		}
	}
}

func TestInitRefusesToOverwrite(t *testing.T) {
	dir := initModule(t)
	before := tree(t, dir)
	_, errs := wantExit(t, exitFailed, "init", "--dir", dir, "--name", "mysvc", "--company", "Contoso")
	// main.go is not a target any more: its package has a Go file now.
	for _, f := range initFiles[:2] {
		contains(t, "second init", errs, filepath.Join(dir, filepath.FromSlash(f)))
	}
	contains(t, "second init", errs, "refusing to overwrite", "nothing was written")
	if after := tree(t, dir); len(after) != len(before) {
		t.Errorf("second init changed the file set: %d files, was %d", len(after), len(before))
	} else {
		for n, b := range before {
			if after[n] != b {
				t.Errorf("second init changed %s", n)
			}
		}
	}

	// One existing target is enough to write nothing.
	dir = testtemp.Dir(t)
	if err := os.MkdirAll(filepath.Join(dir, "wix"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "wix", "mysvc.ico"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs = wantExit(t, exitFailed, "init", "--dir", dir, "--name", "mysvc", "--company", "Contoso")
	contains(t, "init over one file", errs, filepath.Join(dir, "wix", "mysvc.ico"))
	if got := tree(t, dir); len(got) != 1 || got["wix/mysvc.ico"] != "mine" {
		t.Errorf("init over one existing file left %v, want only that file, unchanged", got)
	}
}

// TestInitKeepsAnExistingMainPackage: a main package with Go files gets no
// skeleton, and is not a reason to refuse.
func TestInitKeepsAnExistingMainPackage(t *testing.T) {
	dir := testtemp.Dir(t)
	main := filepath.Join(dir, "cmd", "server")
	if err := os.MkdirAll(main, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(main, "server.go"), []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := wantExit(t, exitOK, "init", "--dir", dir, "--name", "mysvc", "--company", "Contoso", "--main", "./cmd/server")
	contains(t, "init with a main package", out, "kept "+main)
	files := tree(t, dir)
	if _, ok := files["cmd/server/main.go"]; ok || files["cmd/server/server.go"] != "package main\n" {
		t.Errorf("init touched the existing main package: %v", files)
	}
	contains(t, "svcpack.yaml", files["svcpack.yaml"], `main: "./cmd/server"`)
}

func TestInitRefusesNamesOutsideTheAllowlist(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--name", "my svc", "--company", "Contoso"}, `--name: "my svc" is not valid: expected a service name`},
		{[]string{"--name", `..\x`, "--company", "Contoso"}, "--name:"},
		{[]string{"--name", "mysvc", "--company", "Contoso Ltd"}, `--company: "Contoso Ltd" is not valid`},
		{[]string{"--name", "mysvc", "--company", `Contoso\..\Windows`}, "--company:"},
		{[]string{"--name", "mysvc", "--company", "Contoso."}, "--company:"},
		{[]string{"--name", "mysvc", "--company", "Contoso", "--main", "../elsewhere"}, "--main:"},
		{[]string{"--name", "mysvc", "--company", "Contoso", "--display-name", "[ProgramFilesFolder]"}, "--display-name:"},
		{[]string{"--name", "mysvc", "--company", "Contoso", "--description", "x\"\nupgrade_code: 00000000-0000-0000-0000-000000000000\nz: \""}, "--description:"},
		{[]string{"--name", strings.Repeat("a", 100_000), "--company", "Contoso"}, "… (100000 bytes)"},
		{[]string{"--company", "Contoso"}, "--name is required"},
		{[]string{"--name", "mysvc"}, "--company is required"},
	} {
		dir := testtemp.Dir(t)
		_, errs := wantExit(t, exitUsage, append([]string{"init", "--dir", dir}, c.args...)...)
		contains(t, "init "+strings.Join(c.args, " "), errs, c.want)
		if len(errs) > 8192 {
			t.Errorf("init %.40s: %d bytes on stderr: a value was echoed whole", strings.Join(c.args, " "), len(errs))
		}
		if files := tree(t, dir); len(files) > 0 {
			t.Errorf("init %s wrote %v", strings.Join(c.args, " "), files)
		}
	}
}

func slurp(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
