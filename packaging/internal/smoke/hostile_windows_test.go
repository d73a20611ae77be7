package smoke

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/svc/mgr"

	"github.com/svcpack/svcpack/internal/rmtree"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/service/clip"
)

// constantCommands are the custom actions' command lines, exactly (the
// hardened pattern, docs/security.md): no property value may add, remove or
// change an argument.
func constantCommands() [][]string {
	return [][]string{
		{"service", "preflight"},
		{"service", "configure", "--installer-key", prod.InstallerKey()},
		{"service", "remove-data"},
		{"service", "run"}, // the SCM's, from the ImagePath
	}
}

// hostile are values an attacker would try, built around good, a value the
// property accepts, so that each keeps the shape its launch condition checks
// and reaches the configure action's channel. Windows splits a command line
// on tabs as well as spaces; quotes and backslash runs are what
// CommandLineToArgvW treats specially; a formatted reference would be
// expanded if the value were formatted twice.
func hostile(good string) []struct{ name, value string } {
	// Each payload sits between good values, so
	// the install's launch check, a necessary condition of the pattern that
	// looks at a value's ends and the text it must contain
	// (packaging/internal/msi/shape.go), lets it through to the configure action: the
	// test is about that action's command line, which the value must never
	// reach.
	return []struct{ name, value string }{
		{"tab then a flag (issue 9)", good + "\t--exe\tC:\\users\\Public\\evil.exe " + good},
		{"a flag after a tab", good + "\t--start\tdisabled\t" + good},
		{"spaces", good + " --exe C:\\evil.exe " + good},
		{"line breaks", good + "\r\n--exe\r\nC:\\evil.exe\r\n" + good},
		{"other whitespace", good + "\v\f\u00a0\u2028\u3000--exe " + good},
		{"control characters", good + "\x01\x1b[31m\x7f" + good},
		{"quotes", good + `" --exe "C:\evil.exe ` + good},
		{"backslash-quote runs", good + `\\\" --exe \\\\"C:\evil.exe\\ ` + good},
		{"formatted reference", good + "[ProgramFilesFolder]evil" + good},
		{"non-ASCII", good + "höst-ü.例え.испытание" + good},
		{"very long", good + strings.Repeat("a", 30000) + good},
	}
}

// settingProperty is the first property that reaches a program setting
// through the registry channel, or nil.
func settingProperty() *product.Property {
	for i, p := range prod.Properties {
		if p.Setting != "" && p.AppliesTo != product.Uninstall && len(p.Examples.Good) > 0 {
			return &prod.Properties[i]
		}
	}
	return nil
}

// dumpRecord is argvdump's record file (packaging/internal/smoke/argvdump).
const dumpRecord = `C:\svcpack-argvdump\calls.jsonl`

type dumpCall struct {
	Args  []string          `json:"args"`
	Given map[string]string `json:"given"`
	Types map[string]uint32 `json:"types"`
}

// dumpCalls reads argvdump's record.
func dumpCalls(t *testing.T) []dumpCall {
	t.Helper()
	b, err := os.ReadFile(dumpRecord)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var calls []dumpCall
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var c dumpCall
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s: %v", dumpRecord, err)
		}
		calls = append(calls, c)
	}
	return calls
}

// Issue 9, finding 1: no property reaches a custom action's command line.
// The package (EnvArgvDump) is the product's, tables and custom actions
// unchanged, with a program that records its argv and the values it finds in
// the installer key. Each hostile value of a property that reaches a setting
// is given to a repair (which runs configure again): argv must be one of the
// constant command lines, and the value must arrive in the registry byte for
// byte.
func TestNoPropertyReachesACommandLine(t *testing.T) {
	if argvDumpMSI == "" {
		t.Skipf("%s not set: the argv recorder package is built by the repository's own smoke run (packaging/internal/smoke/argvdump)", EnvArgvDump)
	}
	prop := settingProperty()
	if prop == nil {
		t.Skipf("%s has no property that reaches a program setting: no value travels to the configure action", prod.File())
	}
	fresh(t)
	t.Cleanup(func() { rmtree.Remove(filepath.Dir(dumpRecord)) })
	r := msiexec(t, "/i", argvDumpMSI)
	r.succeeded(t)
	if len(dumpCalls(t)) == 0 {
		t.Fatalf("the install ran no custom action of the argv recorder")
	}
	for _, h := range hostile(prop.Examples.Good[0]) {
		t.Run(h.name, func(t *testing.T) {
			stoppedForWine(t)
			seen := len(dumpCalls(t)) // this run's calls are the ones after these
			r := msiexec(t, "/i", argvDumpMSI, "REINSTALL=ALL", "REINSTALLMODE=omus", prop.Name+"="+h.value)
			r.succeeded(t)
			want := h.value
			if wineVersion != "" {
				// Wine 8.0's msiexec drops every double quote in a property
				// value on its command line, doubled or not (docs/platform.md):
				// its parsing, before the value is a property; what it parsed
				// must still arrive intact.
				want = strings.ReplaceAll(want, `"`, "")
			}
			calls := dumpCalls(t)[seen:]
			configured := false
			for _, c := range calls {
				if !slices.ContainsFunc(constantCommands(), func(want []string) bool { return slices.Equal(c.Args, want) }) {
					t.Errorf("a custom action ran with argv %q: not one of the constant command lines", c.Args)
				}
				if len(c.Args) > 1 && c.Args[1] == "configure" {
					configured = true
					if got := c.Given[prop.Setting]; got != want || c.Types[prop.Setting] != windows.REG_SZ {
						t.Errorf("Given\\%s = %s (type %d), want %s (REG_SZ): the value did not arrive intact", prop.Setting, clip.Quote(got), c.Types[prop.Setting], clip.Quote(want))
					}
				}
			}
			if !configured {
				t.Errorf("the repair did not run configure (calls %v)", calls)
			}
		})
	}
}

// Issue 9, finding 1: no public property can change which program the
// service runs, its account or its start type, on the real product. Each
// hostile value is given to a repair (what a standard user may start on
// Windows): refused before anything changes, or by the program's own check
// in the configure action, which rolls the repair back.
func TestPropertiesCannotRedirectTheService(t *testing.T) {
	fresh(t)
	install(t, v1)
	imagePath, _ := regValue(t, serviceKey(), "ImagePath")
	start := startCode(prod.Service.Start)
	wantService(t, defaultFolder(t), start)
	config, _ := os.ReadFile(configPath())
	exe := filepath.Join(defaultFolder(t), prod.ExeName())
	evil := filepath.Join(os.Getenv("PUBLIC"), "evil.exe")
	var values []string
	for _, prop := range prod.Properties {
		if prop.Setting == "" || len(prop.Examples.Good) == 0 {
			continue
		}
		g := prop.Examples.Good[0]
		// The values that split or quote a command line, and one that names
		// another account; only those the allowlist refuses must be refused.
		for _, h := range append(hostile(g), struct{ name, value string }{"account", g + "\t--account\tLocalSystem"}) {
			switch h.name {
			case "tab then a flag (issue 9)", "a flag after a tab", "quotes", "backslash-quote runs", "account":
				if !prop.Matches(h.value) {
					values = append(values, prop.Name+"="+h.value)
				}
			}
		}
	}
	values = append(values,
		"STARTTYPE=auto\t--exe\t"+evil,
		"STARTTYPE=disabled",
		"INSTALLFOLDER="+os.Getenv("PUBLIC"),
		"INSTALLFOLDER=C:\\evil\t--exe\t"+evil,
		"REMOVEDATA=1\t--exe\t"+evil,
	)
	for _, p := range values {
		t.Run(strings.ReplaceAll(p, "\t", `\t`), func(t *testing.T) {
			stoppedForWine(t)
			repair(t, v1, p).failed(t)
			wantReg(t, serviceKey(), "ImagePath", imagePath)
			wantReg(t, serviceKey(), "ObjectName", prod.Service.Account)
			wantReg(t, serviceKey(), "Start", start)
			if !exists(exe) {
				t.Errorf("%s is gone", exe)
			}
			if got, _ := os.ReadFile(configPath()); !bytes.Equal(got, config) {
				t.Errorf("config.json changed:\n%q\nwas\n%q", got, config)
			}
		})
	}
}

// Issue 9, finding 1 (INSTALLFOLDER): the folder of an installed product
// cannot be moved by a repair; given again as it is, it is accepted.
func TestInstallFolderCannotMove(t *testing.T) {
	fresh(t)
	folder := filepath.Join(programFiles(t), prod.Company+" smoke", prod.Name)
	install(t, v1, "INSTALLFOLDER="+folder)
	other := filepath.Join(programFiles(t), prod.Company+" elsewhere")
	r := repair(t, v1, "INSTALLFOLDER="+other)
	r.failed(t)
	r.logHas(t, `cannot change on the installed product`)
	if exists(filepath.Join(other, prod.ExeName())) {
		t.Errorf("the repair copied the program to %s", other)
	}
	wantService(t, folder, startCode(prod.Service.Start))
	repair(t, v1, "INSTALLFOLDER="+folder).succeeded(t)
	wantService(t, folder, startCode(prod.Service.Start))
}

// Issue 9, finding 3: another vendor's service of the same name is neither
// taken over nor, later, deleted: the install is refused and leaves it as it
// was.
func TestForeignServiceRefused(t *testing.T) {
	fresh(t)
	sys, err := windows.GetSystemDirectory()
	if err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(sys, "notepad.exe")
	m, err := mgr.Connect()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Disconnect()
	s, err := m.CreateService(prod.Name, foreign, mgr.Config{StartType: mgr.StartManual, DisplayName: "another vendor's " + prod.Name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Delete(); err != nil {
			t.Errorf("delete the foreign service: %v", err)
		}
		s.Close()
	})
	before, _ := regValue(t, serviceKey(), "ImagePath")

	r := msiexec(t, "/i", v1.Path)
	r.failed(t)
	r.logHas(t, "A service named "+prod.Name+" already exists and was not installed by this product")
	// Not deleted (Wine keeps a deleted service's registry key until its SCM
	// exits, so the key alone proves nothing): a deleted service refuses a
	// change of its configuration.
	if err := windows.ChangeServiceConfig(s.Handle, windows.SERVICE_NO_CHANGE, windows.SERVICE_NO_CHANGE, windows.SERVICE_NO_CHANGE,
		nil, nil, nil, nil, nil, nil, nil); err != nil {
		t.Errorf("the foreign service was touched: %v", err)
	}
	if ps := products(t); len(ps) > 0 {
		t.Errorf("Add/Remove Programs lists %v", ps)
	}
	if exists(defaultFolder(t)) {
		t.Errorf("%s exists after the refused install", defaultFolder(t))
	}
	wantReg(t, serviceKey(), "ImagePath", before)
	wantReg(t, serviceKey(), "ObjectName", "LocalSystem")
	if !strings.Contains(strings.ToLower(before), `\notepad.exe`) {
		t.Errorf("foreign service ImagePath = %q, want the one it was created with", before)
	}
}
