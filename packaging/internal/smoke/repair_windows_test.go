package smoke

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Case 5: repair puts back a deleted program file and keeps the properties
// and the administrator's config, edited by hand (to another address than the
// one the install was given, when the product has an address property); a
// property given to the repair wins; a maintenance run that cannot carry a
// value is refused; the remembered value recreates a deleted config.
func TestRepair(t *testing.T) {
	fresh(t)
	addr, props := movedAddress(t)
	install(t, v1, append(props, "STARTTYPE=manual")...)
	admin := addr
	if addrProp != nil {
		admin = freeAddr(t)
	}
	edited := editConfig(t, admin)
	exe := filepath.Join(defaultFolder(t), prod.ExeName())
	stopService(t) // Windows keeps a running exe's file
	if err := os.Remove(exe); err != nil {
		t.Fatal(err)
	}

	repair(t, v1).succeeded(t)
	if !exists(exe) {
		t.Fatalf("repair did not restore %s", exe)
	}
	wantRunning(t, admin)
	wantProduct(t, v1)
	wantService(t, defaultFolder(t), "3")
	if addrProp != nil {
		wantRemembered(t, addr, "manual")
	} else {
		wantRemembered(t, "", "manual")
	}
	if got := readFile(t, configPath()); !bytes.Equal(got, edited) {
		t.Errorf("config.json changed by the repair:\n%q\nwant\n%q", got, edited)
	}

	moved, props := movedAddress(t)
	if addrProp == nil {
		moved = admin
	}
	repair(t, v1, append(props, "STARTTYPE=auto")...).succeeded(t)
	wantRunning(t, moved)
	wantService(t, defaultFolder(t), "2")
	if addrProp != nil {
		wantRemembered(t, moved, "auto")
		if got := configSetting(t, addrProp.Setting); got != addrValue(moved) {
			t.Errorf("config.json %s = %q after a repair with %s=%s", addrProp.Setting, got, addrProp.Name, addrValue(moved))
		}
	} else {
		wantRemembered(t, "", "auto")
		if got := readFile(t, configPath()); !bytes.Equal(got, edited) {
			t.Errorf("config.json changed by the repair:\n%q\nwant\n%q", got, edited)
		}
	}

	// A maintenance run that does not rewrite the registry cannot carry a
	// value to the program: refused, rather than ignored.
	r := msiexec(t, "/i", v1.Path, "STARTTYPE=manual")
	r.failed(t)
	r.logHas(t, "InvalidProperty = ", "only through a repair")
	wantRunning(t, moved)
	wantService(t, defaultFolder(t), "2")
	// The remembered values given again are no change: passes without m
	// (a transform kept from the install gives them on every repair).
	msiexec(t, "/i", v1.Path, append(props, "STARTTYPE=auto")...).succeeded(t)
	wantRunning(t, moved)

	if addrProp == nil {
		return
	}
	// No config (deleted by hand): the repair recreates it from what the
	// machine remembers.
	stopService(t)
	if err := os.Remove(configPath()); err != nil {
		t.Fatal(err)
	}
	repair(t, v1).succeeded(t)
	if got := configSetting(t, addrProp.Setting); got != addrValue(moved) {
		t.Errorf("config.json %s = %q after a repair recreated it, want the remembered %s", addrProp.Setting, got, addrValue(moved))
	}
	wantRunning(t, moved)
}

// A configure action that fails says why in the run's output: here a repair
// carrying a value for the address property meets a config.json an admin
// broke by hand, the program refuses to apply the value over it, the repair
// rolls back, and the reason (naming config.json) is what the runner
// reports: Wine passes the action's output through msiexec; on Windows the
// program's event 115 carries it (service/events.go).
func TestFailedConfigureSaysWhy(t *testing.T) {
	if addrProp == nil {
		t.Skip("no property reaches a program setting: the configure action reads no config.json")
	}
	fresh(t)
	install(t, v1)
	if err := os.WriteFile(configPath(), []byte("{\"broken by hand\"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := repair(t, v1, addrProp.Name+"="+addrValue(freeAddr(t)))
	r.failed(t)
	if !actionFailed(r.log, configureAction) {
		t.Fatalf("the log does not show %s failing:\n%s", configureAction, r.why())
	}
	reason := r.configureReason()
	if !strings.Contains(reason, "config.json") {
		t.Errorf("the reason reported does not name config.json:\n%s", reason)
	}
	t.Logf("reported:%s", reason)
}
