package smoke

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// Case 6: uninstall removes the product, service, event source, remembered
// properties and program files; the data directory (config, logs) stays on
// purpose (docs/install-behaviour.md).
func TestUninstall(t *testing.T) {
	fresh(t)
	addr, props := movedAddress(t)
	install(t, v1, props...)
	wantRunning(t, addr)
	edited := editConfig(t, addr)

	stoppedForWine(t)
	r := msiexec(t, "/x", v1.Path)
	r.succeeded(t)
	if strings.Contains(r.log, ": ConfigureService.") {
		t.Error("the configure action ran on removal")
	}
	if strings.Contains(r.log, ": RemoveData.") {
		t.Error("the remove-data action ran without REMOVEDATA=1")
	}
	wantClean(t, true)
	if got := readFile(t, configPath()); !bytes.Equal(got, edited) {
		t.Errorf("config.json changed by uninstall:\n%q\nwant\n%q", got, edited)
	}
	if !exists(serviceLogPath()) {
		t.Error("the service log was removed")
	}
	t.Run("no empty company folder left in Program Files", func(t *testing.T) {
		windowsOnly(t, "Wine's msiexec leaves the emptied parent folder of INSTALLFOLDER")
		if dir := filepath.Join(programFiles(t), prod.Company); exists(dir) {
			t.Errorf("%s is left", dir)
		}
	})
}

// Case 6, the data too: uninstall with REMOVEDATA=1 also removes
// %ProgramData%\<name> and leaves a clean machine. An upgrade given
// REMOVEDATA=1 keeps the data (the old product's removal is part of the
// upgrade), and a value other than 0 or 1 refuses the uninstall before
// anything changes (docs/install-behaviour.md).
func TestUninstallRemoveData(t *testing.T) {
	fresh(t)
	addr, props := movedAddress(t)
	install(t, v1, props...)
	wantRunning(t, addr)
	edited := editConfig(t, addr)
	keptData := func(after string) {
		t.Helper()
		if got := readFile(t, configPath()); !bytes.Equal(got, edited) {
			t.Fatalf("config.json changed by %s:\n%q\nwant\n%q", after, got, edited)
		}
		if !exists(serviceLogPath()) {
			t.Fatalf("the service log was removed by %s", after)
		}
	}

	r := install(t, v2, "REMOVEDATA=1")
	if strings.Contains(r.log, ": RemoveData.") {
		t.Error("the remove-data action ran in an upgrade")
	}
	wantRunning(t, addr)
	keptData("an upgrade given REMOVEDATA=1")

	r = msiexec(t, "/x", v2.Path, "REMOVEDATA=yes")
	r.failed(t)
	r.logHas(t, `InvalidProperty = REMOVEDATA="yes" is not valid: expected 1 (uninstall removes the data folder too) or 0.`)
	wantProduct(t, v2)
	wantRunning(t, addr)
	keptData("a refused uninstall")

	stoppedForWine(t)
	r = msiexec(t, "/x", v2.Path, "REMOVEDATA=1")
	r.succeeded(t)
	r.logHas(t, ": RemoveData.")
	wantClean(t, false)
}
