package msiwine

import (
	"os"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/wine"
)

// TestPackageLifecycle walks one machine through the package's life, in
// order: refused and rolled-back installs leave nothing, then install,
// repair, upgrade, a changed property, and removal.
func TestPackageLifecycle(t *testing.T) {
	v1, v2 := wine.WinPath(msiV1), wine.WinPath(msiV2)
	addr := freeAddr(t)

	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"bad STARTTYPE stops before anything changes", func(t *testing.T) {
			log := msiexec(t, "/i", v1, "STARTTYPE=sometimes")
			assertLogHas(t, log, `InvalidProperty = STARTTYPE="sometimes" is not valid: expected auto, delayed-auto or manual.`)
			assertNothingInstalled(t, msiV1)
		}},
		{"bad LISTEN stops before anything changes", func(t *testing.T) {
			log := msiexec(t, "/i", v1, "LISTEN=8080")
			assertLogHas(t, log, `InvalidProperty = LISTEN="8080" is not valid: expected HOST:PORT, for example 127.0.0.1:8080 or :8080.`)
			assertNothingInstalled(t, msiV1)
		}},
		{"LISTEN rejected by configure rolls back", func(t *testing.T) {
			log := msiexec(t, "/i", v1, "LISTEN=127.0.0.1:99999")
			// Wine logs neither the command nor error 1722 (Windows logs both, with
			// wix/Error.idt's text); it logs the action failing and the value.
			assertLogHas(t, log, ": ConfigureService. Return value 0.", "Property(S): LISTEN = 127.0.0.1:99999")
			assertNothingInstalled(t, msiV1)
		}},
		{"install", func(t *testing.T) {
			log := msiexec(t, "/i", v1, "LISTEN="+addr, "INSTALLFOLDER="+customFolder)
			assertRunning(t, log, addr, "1.0.0")
			if v, _ := regValue(t, rememberKey, "Listen"); v != addr {
				t.Errorf("remembered Listen = %q, want %q", v, addr)
			}
			if v, _ := regValue(t, rememberKey, "StartType"); v != "auto" {
				t.Errorf("remembered StartType = %q, want auto", v)
			}
			if v, _ := regValue(t, serviceKey, "ObjectName"); v != `NT SERVICE\hellosvc` {
				t.Errorf("service account = %q, want the virtual account", v)
			}
			if v, _ := regValue(t, serviceKey, "ImagePath"); !strings.HasPrefix(v, `"`+customFolder+`hellosvc.exe" service run`) {
				t.Errorf("ImagePath = %q, want the quoted exe and the service argument", v)
			}
			if v, _ := regValue(t, eventKey, "EventMessageFile"); !strings.Contains(v, "EventCreate.exe") {
				t.Errorf("event source EventMessageFile = %q", v)
			}
			if b, err := os.ReadFile(configFile()); err != nil || !strings.Contains(string(b), addr) {
				t.Errorf("config.json = %q, %v; want it to hold %s", b, err, addr)
			}
		}},
		{"repair keeps the properties", func(t *testing.T) {
			// REINSTALL=ALL is the repair that Windows' /fomus means; Wine's msiexec
			// /f fails with a path (1605) and does not implement a product code.
			log := msiexec(t, "/i", v1, "REINSTALL=ALL", "REINSTALLMODE=omus")
			assertRunning(t, log, addr, "1.0.0")
			if v, _ := regValue(t, rememberKey, "Listen"); v != addr {
				t.Errorf("remembered Listen = %q, want %q", v, addr)
			}
		}},
		{"upgrade keeps the properties", func(t *testing.T) {
			log := msiexec(t, "/i", v2)
			assertRunning(t, log, addr, "1.1.0")
			if regKeyExists(t, uninstallKey+productCode(t, msiV1)) {
				t.Error("1.0.0 is still registered after the upgrade")
			}
			if !regKeyExists(t, uninstallKey+productCode(t, msiV2)) {
				t.Error("1.1.0 is not registered")
			}
			if !fileExists(installedExe()) || fileExists(defaultExe()) {
				t.Errorf("upgrade did not keep INSTALLFOLDER %s", customFolder)
			}
			if v, _ := regValue(t, rememberKey, "Listen"); v != addr {
				t.Errorf("remembered Listen = %q, want %q", v, addr)
			}
		}},
		{"a property given again wins", func(t *testing.T) {
			addr = freeAddr(t)
			log := msiexec(t, "/i", v2, "REINSTALL=ALL", "REINSTALLMODE=omus", "LISTEN="+addr, "STARTTYPE=manual")
			assertRunning(t, log, addr, "1.1.0")
			if v, _ := regValue(t, serviceKey, "Start"); v != "0x3" {
				t.Errorf("service Start = %q, want 0x3 (manual)", v)
			}
			if v, _ := regValue(t, rememberKey, "StartType"); v != "manual" {
				t.Errorf("remembered StartType = %q, want manual", v)
			}
		}},
		{"uninstall", func(t *testing.T) {
			log := msiexec(t, "/x", v2)
			assertLogHas(t, log, ": INSTALL. Return value 1.")
			if strings.Contains(log, ": ConfigureService.") {
				t.Error("the configure action ran on removal")
			}
			assertNothingInstalled(t, msiV2)
			if !fileExists(configFile()) {
				t.Errorf("%s was removed; the admin's config outlives the product", configFile())
			}
		}},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.run) {
			return // later steps assume this one's state
		}
	}
}

// assertRunning: the install succeeded, the service runs, and it answers.
func assertRunning(t *testing.T, log, addr, version string) {
	t.Helper()
	// Wine logs no "completed successfully"; the top action's result is it.
	assertLogHas(t, log, ": INSTALL. Return value 1.", ": ConfigureService. Return value 1.")
	if s := serviceState(t); s != "RUNNING" {
		t.Fatalf("service state %q, want RUNNING", s)
	}
	// Errorf, not Fatalf: the next steps still say what they find.
	if body, err := get(addr, "/healthz"); err != nil {
		t.Errorf("GET /healthz on %s: %v\n%s", addr, err, serviceFiles())
		return
	} else {
		t.Logf("/healthz: %s", strings.TrimSpace(body))
	}
	if body, err := get(addr, "/version"); err != nil || !strings.Contains(body, `"version":"`+version+`"`) {
		t.Errorf("GET /version = %q, %v; want version %s", body, err, version)
	}
}
