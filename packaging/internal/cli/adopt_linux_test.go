package cli

// Issue 19's done-means: svcpack adopted from nothing, in a module outside
// the repository, by README.md's quick starts alone, for both shapes: a Go
// service with two install-time settings (a HOST:PORT and a file path) and a
// wrapped C console program with a port-only setting. No .wxs is written or
// edited; the adopter's files and lines are logged for the note; both MSIs go
// through the whole `svcpack smoke` under Wine as built (svcwrap included).

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/sign"
	"github.com/svcpack/svcpack/packaging/internal/wine"
)

// TestAdoptGoService: README's "Quick start: your Go service", with the
// adopter's two settings: LISTEN (HOST:PORT; the program listens there) and
// DATA_FILE (a path; the program appends to that file and serves it). The
// MSI also goes through TestAdoptedMSI (adopt_windows_test.go) under Wine
// before the smoke suite.
func TestAdoptGoService(t *testing.T) {
	t.Setenv(sign.EnvPFX, "")
	a := newAdopter(t, "example.com/mysvc")
	for _, line := range readmeCommands(t, "## Quick start: your Go service") {
		switch {
		case strings.HasPrefix(line, "go get "):
			a.goGet(line)
		case strings.Contains(line, "svcpack smoke "):
			a.wantNoWXS()
			adoptedMSIUnderWine(t, a.path("dist/mysvc_0.1.0_amd64.msi"), goServiceAddress)
			a.wantSmokeGreen(line)
		default:
			a.run(line)
			if strings.Contains(line, "svcpack init ") {
				a.declareGoSettings()
			}
		}
	}
	a.report()
	// The settings code: every line the adopter wrote in Go, the program's
	// use of the values included, at most 10 per setting (issue 19).
	if n, limit := a.goLines(), 10*2; n > limit {
		t.Errorf("the adopter wrote %d lines of Go for 2 settings, want at most %d", n, limit)
	}
}

// goServiceAddress is where the service init writes listens (its address
// constant), now LISTEN's default. Each Wine prefix here has a network of
// its own (root), so a fixed port is free.
const goServiceAddress = "127.0.0.1:8080"

// declareGoSettings is what the adopter does between init and check: two
// properties and their settings in svcpack.yaml, the declarations
// regenerated (`go tool svcpack settings`, README), and the program taking
// both values through service/settings.
func (a *adopter) declareGoSettings() {
	a.edit("svcpack.yaml",
		"  # settings: [listen]              # config.json's keys; `go tool svcpack settings` declares them to service/settings\n",
		"  settings: [listen, data_file]\n")
	a.edit("svcpack.yaml", "properties:\n", `properties:
  - name: LISTEN
    description: "The HOST:PORT the service listens on."
    pattern: '([0-9]{1,3}(\.[0-9]{1,3}){3})?:[1-9][0-9]{0,4}'
    setting: listen
    remembered: true
    examples:
      good: ["127.0.0.1:8080", ":9090"]
      bad: ["8080", "localhost:8080", "127.0.0.1:0"]
  - name: DATA_FILE
    description: "The file the service appends to, in an existing folder."
    pattern: '[A-Za-z]:\\[^<>:"/|?*\x00-\x1f]*[^<>:"/|?*\x00-\x1f\\ ]'
    setting: data_file
    remembered: true
    examples:
      good: ['C:\ProgramData\mysvc\data.txt', 'C:\ProgramData\mysvc\other data.log']
      bad: ['data.txt', 'C:\ProgramData\mysvc\', '\\server\share\data.txt']
`)
	a.run("go tool svcpack settings")
	main := "cmd/mysvc/main.go"
	a.edit(main, "\t\"github.com/svcpack/svcpack/service\"\n", "\t\"github.com/svcpack/svcpack/service\"\n"+
		"\t\"github.com/svcpack/svcpack/service/manage\"\n"+
		"\t\"github.com/svcpack/svcpack/service/settings\"\n")
	a.edit(main, "const address = \"127.0.0.1:8080\"\n", "const address = \"127.0.0.1:8080\"\n\n"+
		"var conf = settings.New(declared, settings.Default(\"listen\", address), settings.Default(\"data_file\", `C:\\ProgramData\\mysvc\\data.txt`))\n")
	a.edit(main, "\t\tAcceptPreShutdown: true,             // drain before the system's shutdown budget starts\n",
		"\t\tAcceptPreShutdown: true,             // drain before the system's shutdown budget starts\n"+
			"\t\tInstall:           manage.Options{Settings: conf},\n")
	a.edit(main, "\tmux := http.NewServeMux()\n", `	v, err := conf.Load()
	if err != nil {
		return err
	}
	data, err := os.OpenFile(v.Text("data_file"), os.O_CREATE|os.O_APPEND|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	defer data.Close()
	fmt.Fprintf(data, "started %s\n", version)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /data", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, data.Name()) })
`)
	a.edit(main, `net.Listen("tcp", address)`, `net.Listen("tcp", v.Text("listen"))`)
}

// TestAdoptWrappedProgram: README's "Quick start: a program that is not Go"
// around a C console program (testdata/portserver/server.c, built with
// mingw where README copies the vendor's exe) that takes its port, only its
// port, from the environment variable PORT; a PORT property drives it and
// init's health check follows it (address_setting).
func TestAdoptWrappedProgram(t *testing.T) {
	t.Setenv(sign.EnvPFX, "")
	a := newAdopter(t, "example.com/myapp")
	const vendorExe = "path/to/server.exe"
	for _, line := range readmeCommands(t, "## Quick start: a program that is not Go") {
		switch {
		case strings.HasPrefix(line, "go get "):
			a.goGet(line)
		case strings.Contains(line, vendorExe):
			// The vendor's program, built here; the README's line copies it.
			exe := filepath.Join(t.TempDir(), "server.exe")
			src, err := filepath.Abs("testdata/portserver/server.c")
			if err != nil {
				t.Fatal(err)
			}
			if b, err := exec.Command("x86_64-w64-mingw32-gcc", "-O2", "-o", exe, src, "-lws2_32").CombinedOutput(); err != nil {
				t.Fatalf("build %s with mingw: %v\n%s", src, err, b)
			}
			a.run(strings.Replace(line, vendorExe, exe, 1))
		case strings.Contains(line, "svcpack smoke "):
			a.wantNoWXS()
			a.wantSmokeGreen(line)
		default:
			a.run(line)
			if strings.Contains(line, "svcpack init ") {
				a.declarePort()
			}
		}
	}
	a.report()
}

// declarePort is what the adopter of the wrapped program does after init:
// a PORT property, the setting that carries it to the program as %PORT%,
// and init's health check told to follow it.
func (a *adopter) declarePort() {
	a.edit("svcpack.yaml", "properties:\n", `properties:
  - name: PORT
    description: "The port the program listens on, on 127.0.0.1."
    pattern: '[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]'
    setting: port
    remembered: true
    examples:
      good: ["8080", "9090"]
      bad: ["0", "65536", "127.0.0.1:8080", "80 81"]
`)
	a.edit("svcpack.yaml", `    # address_setting: listen       # the check follows this setting's value: a port (8080), HOST:PORT or a URL
  # settings:
  #   listen:
  #     env: MYPROG_LISTEN
  #     default: "127.0.0.1:8080"
`, `    address_setting: port
  settings:
    port:
      env: PORT
      default: "8080"
`)
}

// adoptedMSIUnderWine runs TestAdoptedMSI (adopt_windows_test.go, a Windows
// test binary) under Wine on pkg, whose service answers at addr: a bad
// STARTTYPE refused, the install running the service configured from the
// registry and answering on HTTP, the uninstall with REMOVEDATA=1 leaving
// nothing.
func adoptedMSIUnderWine(t *testing.T, pkg, addr string) {
	t.Helper()
	var out strings.Builder
	err := wine.GoTest(context.Background(), wine.GoTestOptions{
		Packages: []string{"."},
		Flags:    []string{"-count=1", "-v", "-run=^TestAdoptedMSI$"},
		Env:      []string{envAdoptMSI + "=" + pkg, envAdoptAddr + "=" + addr},
		Stdout:   &out,
		Stderr:   &out,
	})
	if err != nil || !strings.Contains(out.String(), "--- PASS: TestAdoptedMSI") {
		t.Fatalf("TestAdoptedMSI under Wine: %v\n%s", err, out.String())
	}
	t.Logf("TestAdoptedMSI under Wine:\n%s", out.String())
}

// wantSmokeGreen runs README's smoke line: every case, none failed.
func (a *adopter) wantSmokeGreen(line string) {
	out := a.run(line)
	summary := out[strings.LastIndex(strings.TrimRight(out, "\n"), "\n")+1:]
	if !strings.Contains(out, " passed, 0 failed,") || !strings.Contains(out, "--- PASS: TestFreshInstall") {
		a.t.Fatalf("%s: not green:\n%s", line, out)
	}
	a.t.Logf("%s: %s", line, strings.TrimSpace(summary))
}

// wantNoWXS: the adopter's tree holds no WiX source (svcpack msi renders
// svcpack's template at each build).
func (a *adopter) wantNoWXS() {
	a.t.Helper()
	for name := range tree(a.t, a.dir) {
		if strings.EqualFold(filepath.Ext(name), ".wxs") || strings.EqualFold(filepath.Ext(name), ".wxi") {
			a.t.Errorf("the adopter's module holds %s: no WiX source should be written", name)
		}
	}
}

// checkoutRoot is this repository's root, which the adopter's module
// requires (replaced: the module is not published at a version here).
func checkoutRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}
