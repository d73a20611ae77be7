package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/windows/registry"

	"github.com/svcpack/svcpack/service"
	"github.com/svcpack/svcpack/service/exitcode"
)

const settingsService = "svcwrapset"

// settingsYAML wraps the C program told to listen on the address in
// WRAPTEST_LISTEN, health-gated on healthPort.
func settingsYAML(healthPort int) string {
	return fmt.Sprintf(`name: %s
program: child.exe
args: [listen-env, WRAPTEST_LISTEN, hang]
health: {tcp: "127.0.0.1:%d", interval: 100ms}
stop: {grace: 3s}
settings:
  listen:
    env: WRAPTEST_LISTEN
    pattern: '127\.0\.0\.1:[0-9]+'
    default: "127.0.0.1:1"
`, settingsService, healthPort)
}

// TestSettingsReachTheProgram drives the real svcwrap.exe through the real
// SCM: a value given to install (--set) and one given to the installer
// (configure --installer-key, as the MSI's constant custom action runs it)
// land in config.json, the program listens where the setting says (it reads
// it from its environment), and status shows the value and its source. A
// bad value is refused with exit 3 naming it, config.json untouched; a bad
// config.json stops the program from starting.
func TestSettingsReachTheProgram(t *testing.T) {
	dir := filepath.Join(os.Getenv("ProgramFiles"), "svcpack test", "settings")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, settingsService+".exe")
	copyFile(t, svcwrapExe(t), exe)
	copyFile(t, env(t, "WRAP_CHILD_EXE"), filepath.Join(dir, "child.exe"))
	cfg := filepath.Join(service.DataDir(settingsService), "config.json")
	_ = os.Remove(cfg)
	port := freePort(t)
	writeConfig(t, exe, settingsYAML(port))

	// install --set: config.json, then the program listens there.
	runExe(t, exe, 0, "service", "install", "--set", fmt.Sprintf("listen=127.0.0.1:%d", port))
	t.Cleanup(func() { _ = exec.Command(exe, "service", "uninstall").Run() })
	if got, want := readText(t, cfg), fmt.Sprintf("{\n  \"listen\": \"127.0.0.1:%d\"\n}\n", port); got != want {
		t.Errorf("config.json after install --set:\n%s\nwant:\n%s", got, want)
	}
	runExe(t, exe, 0, "service", "start")
	assertServes(t, port)
	if out := runExe(t, exe, 0, "service", "status"); !strings.Contains(out, fmt.Sprintf(`"127.0.0.1:%d" (config file)`, port)) {
		t.Errorf("status does not show the setting and its source:\n%s", out)
	}
	runExe(t, exe, 0, "service", "stop")

	// Bad values are refused before anything changes, naming what is wrong.
	before := readText(t, cfg)
	for _, tt := range []struct{ set, want string }{
		{"listen=0.0.0.0:80", `"listen": "0.0.0.0:80" does not match its pattern 127\.0\.0\.1:[0-9]+`},
		{"listen=127.0.0.1:80\u202e", "U+202E"},
		{"colour=red", `unknown key "colour" (known keys: "listen")`},
	} {
		out := runExe(t, exe, exitcode.Config, "service", "configure", "--set", tt.set)
		if !strings.Contains(out, tt.want) {
			t.Errorf("configure --set %q:\n%s\nwant %q", tt.set, out, tt.want)
		}
		if got := readText(t, cfg); got != before {
			t.Errorf("configure --set %q changed config.json to %q", tt.set, got)
		}
	}

	// The MSI's way: HKLM\<installer key>\Given and Remembered, then the
	// constant command line.
	const key = `SOFTWARE\svcpack test\` + settingsService
	port2 := freePort(t)
	setInstallerValue(t, key+`\Given`, "listen", fmt.Sprintf("127.0.0.1:%d", port2))
	setInstallerValue(t, key+`\Remembered`, "listen", fmt.Sprintf("127.0.0.1:%d", port2))
	t.Cleanup(func() { _ = deleteKeyTree(key) })
	runExe(t, exe, 0, "service", "configure", "--installer-key", key)
	if got := readText(t, cfg); !strings.Contains(got, fmt.Sprintf(`"127.0.0.1:%d"`, port2)) {
		t.Errorf("config.json after configure --installer-key: %q", got)
	}
	writeConfig(t, exe, settingsYAML(port2))
	runExe(t, exe, 0, "service", "start")
	assertServes(t, port2)
	runExe(t, exe, 0, "service", "stop")

	// A hostile installer value: exit 3 naming it, config.json untouched.
	before = readText(t, cfg)
	setInstallerValue(t, key+`\Given`, "listen", "127.0.0.1:1 & calc.exe")
	out := runExe(t, exe, exitcode.Config, "service", "configure", "--installer-key", key)
	if !strings.Contains(out, `"127.0.0.1:1 & calc.exe" does not match its pattern`) || !strings.Contains(out, `\Given`) {
		t.Errorf("configure --installer-key with a bad value:\n%s", out)
	}
	if got := readText(t, cfg); got != before {
		t.Errorf("a refused installer value changed config.json to %q", got)
	}

	// A bad config.json: the program is not started (console mode: exit 3
	// naming the file and the value); status says why it has no settings.
	if err := os.WriteFile(cfg, []byte(`{"listen": "0.0.0.0:80"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out = runExe(t, exe, exitcode.Config)
	// The console shows the runtime's log line: quotes and backslashes escaped.
	if !strings.Contains(out, settingsService+`\\config.json`) || !strings.Contains(out, `0.0.0.0:80\" does not match its pattern`) {
		t.Errorf("console run with a bad config.json:\n%s", out)
	}
	if out := runExe(t, exe, 0, "service", "status"); !strings.Contains(out, "unavailable") || !strings.Contains(out, "0.0.0.0:80") {
		t.Errorf("status with a bad config.json:\n%s", out)
	}
	runExe(t, exe, 0, "service", "uninstall")
}

// assertServes checks that the program answers HTTP on 127.0.0.1:port.
func assertServes(t *testing.T, port int) {
	t.Helper()
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", port))
	if err != nil {
		t.Fatalf("the program does not listen on the setting's address: %v", err)
	}
	defer resp.Body.Close()
	if b, _ := io.ReadAll(resp.Body); resp.StatusCode != 200 || string(b) != "ok" {
		t.Errorf("GET on the setting's address: %d %q", resp.StatusCode, b)
	}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func setInstallerValue(t *testing.T, key, name, value string) {
	t.Helper()
	k, _, err := registry.CreateKey(registry.LOCAL_MACHINE, key, registry.SET_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if err := k.SetStringValue(name, value); err != nil {
		t.Fatal(err)
	}
}

func deleteKeyTree(key string) error {
	for _, sub := range []string{`\Given`, `\Remembered`, ""} {
		if err := registry.DeleteKey(registry.LOCAL_MACHINE, key+sub); err != nil && !errors.Is(err, registry.ErrNotExist) {
			return err
		}
	}
	return nil
}
