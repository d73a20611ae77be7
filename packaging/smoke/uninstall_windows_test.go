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
	addr := freeAddr(t)
	install(t, v1, "LISTEN="+addr)
	wantRunning(t, addr, v1)
	edited := editConfig(t, addr)

	r := msiexec(t, "/x", pkg(v1))
	r.succeeded(t)
	if strings.Contains(r.log, ": ConfigureService.") {
		t.Error("the configure action ran on removal")
	}
	wantClean(t, true)
	if got := readFile(t, configPath()); !bytes.Equal(got, edited) {
		t.Errorf("config.json changed by uninstall:\n%q\nwant\n%q", got, edited)
	}
	if !exists(filepath.Join(dataDir(), "logs", "hellosvc.log")) {
		t.Error("the service log was removed")
	}
	t.Run("no empty svcpack folder left in Program Files", func(t *testing.T) {
		windowsOnly(t, "Wine's msiexec leaves the emptied parent folder of INSTALLFOLDER")
		if dir := filepath.Join(programFiles(t), "svcpack"); exists(dir) {
			t.Errorf("%s is left", dir)
		}
	})
}
