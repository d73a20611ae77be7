package smoke

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Case 5: repair puts back a deleted program file and keeps the properties
// and the administrator's config, edited to another address than the one
// the install was given; a property given to the repair wins; the
// remembered value recreates a deleted config.
func TestRepair(t *testing.T) {
	fresh(t)
	addr := freeAddr(t)
	install(t, v1, "LISTEN="+addr, "STARTTYPE=manual")
	admin := freeAddr(t)
	edited := editConfig(t, admin)
	exe := filepath.Join(defaultFolder(t), "hellosvc.exe")
	stopService(t) // Windows keeps a running exe's file
	if err := os.Remove(exe); err != nil {
		t.Fatal(err)
	}

	repair(t, v1).succeeded(t)
	if !exists(exe) {
		t.Fatalf("repair did not restore %s", exe)
	}
	wantRunning(t, admin, v1)
	wantProduct(t, "1.0.0")
	wantService(t, defaultFolder(t), "3")
	wantRemembered(t, addr, "manual")
	if got := readFile(t, configPath()); !bytes.Equal(got, edited) {
		t.Errorf("config.json changed by the repair:\n%q\nwant\n%q", got, edited)
	}

	moved := freeAddr(t)
	repair(t, v1, "LISTEN="+moved, "STARTTYPE=auto").succeeded(t)
	wantRunning(t, moved, v1)
	wantService(t, defaultFolder(t), "2")
	wantRemembered(t, moved, "auto")
	if got := configListen(t); got != moved {
		t.Errorf("config.json listen = %q after a repair with LISTEN=%s", got, moved)
	}

	// A maintenance run that does not rewrite the registry cannot carry a
	// value to the program: refused, rather than ignored.
	r := msiexec(t, "/i", pkg(v1), "LISTEN="+admin)
	r.failed(t)
	r.logHas(t, "InvalidProperty = LISTEN and STARTTYPE reach the installed product only through a repair")
	wantRunning(t, moved, v1)
	// The remembered values given again are no change: passes without m.
	msiexec(t, "/i", pkg(v1), "LISTEN="+moved, "STARTTYPE=auto").succeeded(t)
	wantRunning(t, moved, v1)

	// No config (deleted by hand): the repair recreates it from what the
	// machine remembers.
	stopService(t)
	if err := os.Remove(configPath()); err != nil {
		t.Fatal(err)
	}
	repair(t, v1).succeeded(t)
	if got := configListen(t); got != moved {
		t.Errorf("config.json listen = %q after a repair recreated it, want the remembered %s", got, moved)
	}
	wantRunning(t, moved, v1)
}
