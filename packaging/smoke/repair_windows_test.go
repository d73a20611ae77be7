package smoke

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Case 5: repair puts back a deleted program file and keeps the properties
// and the administrator's config; a property given to the repair wins.
func TestRepair(t *testing.T) {
	fresh(t)
	addr := freeAddr(t)
	install(t, v1, "LISTEN="+addr, "STARTTYPE=manual")
	edited := editConfig(t, addr)
	exe := filepath.Join(defaultFolder(t), "hellosvc.exe")
	stopService(t) // Windows keeps a running exe's file
	if err := os.Remove(exe); err != nil {
		t.Fatal(err)
	}

	repair(t, v1).succeeded(t)
	if !exists(exe) {
		t.Fatalf("repair did not restore %s", exe)
	}
	wantRunning(t, addr, v1)
	wantProduct(t, "1.0.0")
	wantService(t, defaultFolder(t), "3")
	wantReg(t, rememberKey, "Listen", addr)
	wantReg(t, rememberKey, "StartType", "manual")
	if got := readFile(t, configPath()); !bytes.Equal(got, edited) {
		t.Errorf("config.json changed by the repair:\n%q\nwant\n%q", got, edited)
	}

	moved := freeAddr(t)
	repair(t, v1, "LISTEN="+moved, "STARTTYPE=auto").succeeded(t)
	wantRunning(t, moved, v1)
	wantService(t, defaultFolder(t), "2")
	wantReg(t, rememberKey, "Listen", moved)
	if got := configListen(t); got != moved {
		t.Errorf("config.json listen = %q after a repair with LISTEN=%s", got, moved)
	}
}
