package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
)

// Set by TestInitAdoptedUnderWine (Linux) for TestAdoptedMSI (Windows).
const (
	envAdoptMSI  = "SVCPACK_ADOPT_MSI"  // the MSI of the module init wrote
	envAdoptAddr = "SVCPACK_ADOPT_ADDR" // where its service answers
)

// initFiles are what init writes for --name mysvc with the default --main.
var initFiles = []string{"svcpack.yaml", "wix/mysvc.wxs", "wix/mysvc.ico", "wix/Error.idt", "cmd/mysvc/main.go", ".goreleaser.yaml"}

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
	contains(t, "check of init's product file", out, "mysvc (My service), by Contoso", "./cmd/mysvc", "wix/mysvc.wxs",
		`HKLM\SOFTWARE\Contoso\mysvc`, "property STARTTYPE", "property INSTALLFOLDER", "property REMOVEDATA")
	if strings.Contains(out, "setting ") {
		t.Errorf("init's product file has a property with a setting; want only the built-in ones:\n%s", out)
	}

	wxs := got["wix/mysvc.wxs"]
	if strings.Contains(wxs, "[LISTEN]") || strings.Contains(wxs, "REMEMBERED_LISTEN") || strings.Contains(wxs, "InvalidListen") || strings.Contains(strings.ToLower(wxs), "hellosvc.ico") || strings.Contains(wxs, "{{") {
		t.Errorf("wix/mysvc.wxs holds hellosvc's LISTEN, its icon or a template action")
	}
	if got["wix/mysvc.ico"] != string(slurp(t, "../../wix/hellosvc.ico")) {
		t.Error("wix/mysvc.ico is not the embedded icon")
	}
	contains(t, "wix/Error.idt", got["wix/Error.idt"], "1722\tmysvc could not be configured", "STARTTYPE=auto, delayed-auto or manual")
	contains(t, "main.go", got["cmd/mysvc/main.go"], "service.Run(service.Config{", `Name:              "mysvc"`, `DisplayName:       "My service"`, `"127.0.0.1:8080"`)
}

// TestInitKeepsTheHardenedPattern: the generated .wxs schedules every check
// and custom action exactly as wix/hellosvc.wxs does, and runs the same
// constant command lines; only LISTEN's rows are left out.
func TestInitKeepsTheHardenedPattern(t *testing.T) {
	wxs := tree(t, initModule(t))["wix/mysvc.wxs"]
	hello := string(slurp(t, "../../wix/hellosvc.wxs"))
	scheduled := regexp.MustCompile(`(?m)^\s*<Custom Action="(\w+)".*$`)
	var actions []string
	for _, m := range scheduled.FindAllStringSubmatch(wxs, -1) {
		actions = append(actions, m[1])
		switch m[1] {
		case "ChangeNeedsRegistry", "ChangeNeedsAdmin": // hellosvc's add LISTEN
			if !strings.Contains(m[0], "(ChangedStartType)") {
				t.Errorf("%s is not conditioned on a changed STARTTYPE: %s", m[1], strings.TrimSpace(m[0]))
			}
		default:
			if !strings.Contains(hello, m[0]) {
				t.Errorf("the generated line differs from wix/hellosvc.wxs:\n%s", strings.TrimSpace(m[0]))
			}
		}
	}
	for _, a := range []string{"ForeignService", "InvalidInstallFolder", "InstallFolderMoved", "ChangeNeedsRegistry", "ChangeNeedsAdmin",
		"InvalidStartType", "InvalidRemoveData", "Preflight", "ConfigureService", "RemoveData"} {
		if !slices.Contains(actions, a) {
			t.Errorf("the generated .wxs does not schedule %s", a)
		}
	}
	for _, line := range []string{
		`ExeCommand="service preflight" />`,
		`ExeCommand="service configure --installer-key SOFTWARE\$(var.Company)\$(var.Name)" />`,
		`ExeCommand="service remove-data" />`,
		`<RegistryValue Name="StartType" Type="string" Value="[STARTTYPE]" KeyPath="yes" />`,
		`<Condition Message="[InvalidProperty]">NOT InvalidProperty</Condition>`,
	} {
		if !strings.Contains(wxs, line) || !strings.Contains(hello, line) {
			t.Errorf("the generated .wxs and wix/hellosvc.wxs do not both hold %s", line)
		}
	}
}

func TestInitGUIDsAreFresh(t *testing.T) {
	guid := regexp.MustCompile(`[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}`)
	hello := guid.FindAllString(string(slurp(t, "../../wix/hellosvc.wxs"))+string(slurp(t, repoProduct)), -1)
	seen := map[string]string{}
	for _, g := range hello {
		seen[g] = "hellosvc"
	}
	for i := range 2 {
		files := tree(t, initModule(t))
		found := guid.FindAllString(files["svcpack.yaml"]+files["wix/mysvc.wxs"], -1)
		if len(found) != 5 { // the upgrade code and four components
			t.Fatalf("init %d wrote %d GUIDs, want 5: %v", i, len(found), found)
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
	for _, f := range initFiles[:4] {
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
	if err := os.WriteFile(filepath.Join(dir, "wix", "Error.idt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs = wantExit(t, exitFailed, "init", "--dir", dir, "--name", "mysvc", "--company", "Contoso")
	contains(t, "init over one file", errs, filepath.Join(dir, "wix", "Error.idt"))
	if got := tree(t, dir); len(got) != 1 || got["wix/Error.idt"] != "mine" {
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
