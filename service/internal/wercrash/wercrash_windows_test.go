package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"

	"github.com/svcpack/svcpack/service"
)

// localDumps is the key an MSI of this product would write (the init
// template's CrashDumps component); the test writes and removes it itself.
const localDumps = `SOFTWARE\Microsoft\Windows\Windows Error Reporting\LocalDumps\` + name + `.exe`

// TestCrashLeavesADump: a service whose goroutine panics crashes through
// WER (the runtime sets GOTRACEBACK=wer in service mode), WER writes a dump
// of it into the LocalDumps DumpFolder, %ProgramData%\<name>\dumps, which
// `service install` created with the data folder's ACL (the service runs as
// its virtual account), and `service status` names that dump. Windows CI.
func TestCrashLeavesADump(t *testing.T) {
	if windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil {
		t.Skip("NOT VERIFIABLE HERE: Wine 8.0 does not implement Windows Error Reporting's LocalDumps, so no dump " +
			"is written there. Asserted on Windows CI (ci.yml, windows job).")
	}
	m, err := windows.OpenSCManager(nil, nil, windows.SC_MANAGER_CONNECT|windows.SC_MANAGER_CREATE_SERVICE)
	if err != nil {
		t.Fatalf("open the SCM to create a service (this test needs an administrator): %v", err)
	}
	windows.CloseServiceHandle(m)

	exe := build(t)
	dumps := filepath.Join(service.DataDir(name), "dumps")
	k, _, err := registry.CreateKey(registry.LOCAL_MACHINE, localDumps, registry.SET_VALUE|registry.WOW64_64KEY)
	if err != nil {
		t.Fatal(err)
	}
	err = errors.Join(k.SetExpandStringValue("DumpFolder", `%ProgramData%\`+name+`\dumps`),
		k.SetDWordValue("DumpCount", 2), k.SetDWordValue("DumpType", 1)) // mini: the test needs a dump, not its size
	k.Close()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = exec.Command(exe, "service", "uninstall").Run()
		_ = exec.Command(exe, "service", "remove-data").Run()
		_ = registry.DeleteKey(registry.LOCAL_MACHINE, localDumps)
	})

	run(t, exe, "service", "install", "--start", "manual")
	run(t, exe, "service", "configure", "--restart-delays", "none") // one crash, one dump
	if fi, err := os.Lstat(dumps); err != nil || !fi.IsDir() {
		t.Fatalf("install made no dumps folder %s: %v", dumps, err)
	}
	// start returns once the service reports RUNNING; the crash follows.
	_, _ = exec.Command(exe, "service", "start").CombinedOutput()

	var dump string
	for deadline := time.Now().Add(2 * time.Minute); dump == "" && time.Now().Before(deadline); time.Sleep(time.Second) {
		entries, _ := os.ReadDir(dumps)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), name+".exe.") && strings.HasSuffix(e.Name(), ".dmp") {
				if info, err := e.Info(); err == nil && info.Size() > 0 {
					dump = filepath.Join(dumps, e.Name())
				}
			}
		}
	}
	if dump == "" {
		t.Fatalf("no dump of %s.exe in %s within 2 minutes of the crash; %s", name, dumps, werState())
	}
	b := make([]byte, 4)
	if f, err := os.Open(dump); err == nil {
		_, _ = f.Read(b)
		f.Close()
	}
	if string(b) != "MDMP" {
		t.Errorf("%s starts with %q, not a minidump's MDMP signature", dump, b)
	}
	t.Logf("WER wrote %s", dump)
	if dir := os.Getenv("SVCPACK_WER_DUMP_COPY"); dir != "" { // CI keeps it as an artifact
		if data, err := os.ReadFile(dump); err == nil && os.MkdirAll(dir, 0o755) == nil {
			_ = os.WriteFile(filepath.Join(dir, filepath.Base(dump)), data, 0o644)
		}
	}
	if out := run(t, exe, "service", "status"); !strings.Contains(out, "Newest crash dump:") || !strings.Contains(out, filepath.Base(dump)) {
		t.Errorf("status does not name the dump %s:\n%s", dump, out)
	}
}

// werState says what could keep WER from writing dumps on this machine, for
// the failure message: its Disabled policy values and the WER service.
func werState() string {
	var parts []string
	for _, key := range []string{`SOFTWARE\Microsoft\Windows\Windows Error Reporting`, `SOFTWARE\Policies\Microsoft\Windows\Windows Error Reporting`} {
		k, err := registry.OpenKey(registry.LOCAL_MACHINE, key, registry.QUERY_VALUE|registry.WOW64_64KEY)
		if err != nil {
			continue
		}
		if v, _, err := k.GetIntegerValue("Disabled"); err == nil {
			parts = append(parts, fmt.Sprintf(`HKLM\%s Disabled=%d`, key, v))
		}
		k.Close()
	}
	out, _ := exec.Command("sc.exe", "query", "WerSvc").CombinedOutput()
	parts = append(parts, "sc query WerSvc: "+strings.Join(strings.Fields(string(out)), " "))
	return strings.Join(parts, "; ")
}

// build compiles this program into Program Files, which the service's
// virtual account may read, as an MSI installs a product.
func build(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(os.Getenv("ProgramFiles"), "svcpack test", name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	exe := filepath.Join(dir, name+".exe")
	if b, err := exec.Command("go", "build", "-o", exe, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return exe
}

func run(t *testing.T, exe string, args ...string) string {
	t.Helper()
	out, err := exec.Command(exe, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}
