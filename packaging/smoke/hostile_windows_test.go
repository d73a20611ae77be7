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
	"github.com/svcpack/svcpack/service/clip"
)

// The custom actions' command lines, exactly (wix/hellosvc.wxs): no property
// value may add, remove or change an argument.
var constantCommands = [][]string{
	{"service", "preflight"},
	{"service", "configure", "--installer-key", `SOFTWARE\svcpack\hellosvc`},
	{"service", "remove-data"},
	{"service", "run"}, // the SCM's, from the ImagePath
}

// hostileListen are LISTEN values an attacker would try: each passes the
// launch condition's shape check (a colon, not at the end), so each reaches
// the configure action's channel. Windows splits a command line on tabs as
// well as spaces; quotes and backslash runs are what CommandLineToArgvW
// treats specially; a formatted reference would be expanded if the value were
// formatted twice.
var hostileListen = []struct{ name, value string }{
	{"tab then a flag (issue 9)", "\t--exe\tC:\\users\\Public\\evil.exe:80"},
	{"a flag after a tab", "127.0.0.1:80\t--start\tdisabled"},
	{"spaces", "127.0.0.1:80 --exe C:\\evil.exe"},
	{"line breaks", "127.0.0.1:80\r\n--exe\r\nC:\\evil.exe"},
	{"other whitespace", "127.0.0.1:80\v\f\u00a0\u2028\u3000--exe"},
	{"control characters", "127.0.0.1:80\x01\x1b[31m\x7f"},
	{"quotes", `127.0.0.1:80" --exe "C:\evil.exe`},
	{"backslash-quote runs", `127.0.0.1:80\\\" --exe \\\\"C:\evil.exe\\`},
	{"formatted reference", "[ProgramFilesFolder]evil:80"},
	{"non-ASCII", "höst-ü.例え.испытание:8080"},
	{"very long", strings.Repeat("a", 30000) + ":80"},
}

// dumpRecord is argvdump's record file (packaging/smoke/argvdump).
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
// The package is hellosvc's, tables and custom actions unchanged, with a
// program that records its argv and the values it finds in the installer
// key. Each hostile LISTEN is given to a repair (which runs configure again):
// argv must be one of the constant command lines, and the value must arrive
// in the registry byte for byte.
func TestNoPropertyReachesACommandLine(t *testing.T) {
	fresh(t)
	t.Cleanup(func() { rmtree.Remove(filepath.Dir(dumpRecord)) })
	dump := filepath.Join(smokeDir, argvDumpMSI)
	r := msiexec(t, "/i", dump)
	r.succeeded(t)
	if len(dumpCalls(t)) == 0 {
		t.Fatalf("the install ran no custom action of the argv recorder")
	}
	for _, h := range hostileListen {
		t.Run(h.name, func(t *testing.T) {
			stoppedForWine(t)
			seen := len(dumpCalls(t)) // this run's calls are the ones after these
			r := msiexec(t, "/i", dump, "REINSTALL=ALL", "REINSTALLMODE=omus", "LISTEN="+h.value)
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
				if !slices.ContainsFunc(constantCommands, func(want []string) bool { return slices.Equal(c.Args, want) }) {
					t.Errorf("a custom action ran with argv %q: not one of the constant command lines", c.Args)
				}
				if len(c.Args) > 1 && c.Args[1] == "configure" {
					configured = true
					if got := c.Given["listen"]; got != want || c.Types["listen"] != windows.REG_SZ {
						t.Errorf("Given\\listen = %s (type %d), want %s (REG_SZ): the value did not arrive intact", clip.Quote(got), c.Types["listen"], clip.Quote(want))
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
	imagePath, _ := regValue(t, serviceKey, "ImagePath")
	wantService(t, defaultFolder(t), "2")
	config := readFile(t, configPath())
	exe := filepath.Join(defaultFolder(t), "hellosvc.exe")
	evil := filepath.Join(os.Getenv("PUBLIC"), "evil.exe")
	for _, p := range []string{
		"LISTEN=" + hostileListen[0].value,
		"LISTEN=" + hostileListen[1].value,
		"LISTEN=" + hostileListen[6].value,
		"LISTEN=" + hostileListen[7].value,
		"LISTEN=127.0.0.1:80\t--account\tLocalSystem",
		"STARTTYPE=auto\t--exe\t" + evil,
		"STARTTYPE=disabled",
		"INSTALLFOLDER=" + os.Getenv("PUBLIC"),
		"INSTALLFOLDER=C:\\evil\t--exe\t" + evil,
		"REMOVEDATA=1\t--exe\t" + evil,
	} {
		t.Run(strings.ReplaceAll(p, "\t", `\t`), func(t *testing.T) {
			stoppedForWine(t)
			repair(t, v1, p).failed(t)
			wantReg(t, serviceKey, "ImagePath", imagePath)
			wantReg(t, serviceKey, "ObjectName", `NT SERVICE\hellosvc`)
			wantReg(t, serviceKey, "Start", "2")
			if !exists(exe) {
				t.Errorf("%s is gone", exe)
			}
			if got := readFile(t, configPath()); !bytes.Equal(got, config) {
				t.Errorf("config.json changed:\n%q\nwas\n%q", got, config)
			}
		})
	}
}

// Issue 9, finding 1 (INSTALLFOLDER): the folder of an installed product
// cannot be moved by a repair; given again as it is, it is accepted.
func TestInstallFolderCannotMove(t *testing.T) {
	fresh(t)
	folder := filepath.Join(programFiles(t), "svcpack smoke", "hellosvc")
	install(t, v1, "INSTALLFOLDER="+folder)
	other := filepath.Join(programFiles(t), "svcpack elsewhere")
	r := repair(t, v1, "INSTALLFOLDER="+other)
	r.failed(t)
	r.logHas(t, `cannot change on the installed product`)
	if exists(filepath.Join(other, "hellosvc.exe")) {
		t.Errorf("the repair copied the program to %s", other)
	}
	wantService(t, folder, "2")
	repair(t, v1, "INSTALLFOLDER="+folder).succeeded(t)
	wantService(t, folder, "2")
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
	s, err := m.CreateService(serviceName, foreign, mgr.Config{StartType: mgr.StartManual, DisplayName: "another vendor's hellosvc"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Delete(); err != nil {
			t.Errorf("delete the foreign service: %v", err)
		}
		s.Close()
	})
	before, _ := regValue(t, serviceKey, "ImagePath")

	r := msiexec(t, "/i", pkg(v1))
	r.failed(t)
	r.logHas(t, "A service named hellosvc already exists and was not installed by this product")
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
	wantReg(t, serviceKey, "ImagePath", before)
	wantReg(t, serviceKey, "ObjectName", "LocalSystem")
	if !strings.Contains(strings.ToLower(before), `\notepad.exe`) {
		t.Errorf("foreign service ImagePath = %q, want the one it was created with", before)
	}
}
