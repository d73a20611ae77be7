package smoke

import "testing"

// fresh fails the test unless the machine holds nothing of the product, and
// makes the test leave nothing: every entry of the product is removed and the data directory
// deleted when it ends, pass or fail.
func fresh(t *testing.T) {
	t.Helper()
	wantClean(t, false)
	t.Cleanup(func() {
		for _, p := range products(t) {
			if r := msiexec(t, "/x", p.code); r.result() != "1" {
				t.Errorf("clean-up: %s did not remove %s", r.cmdline, p.code)
			}
		}
		removeDataDir(t)
	})
}

// wantClean fails the test if anything of the product is on the machine:
// product, service, registry keys, program files. The data directory is
// allowed only when dataKept (uninstall keeps it on purpose).
func wantClean(t *testing.T, dataKept bool) {
	t.Helper()
	if ps := products(t); len(ps) > 0 {
		t.Errorf("Add/Remove Programs lists %v", ps)
	}
	if st, found := serviceStatus(t); found {
		t.Errorf("service %s exists (state %d)", prod.Name, st.State)
	}
	if s := productServices(t); len(s) > 0 {
		t.Errorf("services %v exist", s)
	}
	for _, key := range []string{serviceKey(), eventKey(), rememberKey()} {
		if keyExists(t, key) {
			t.Errorf(`registry key HKLM\%s exists`, key)
		}
	}
	if exists(defaultFolder(t)) {
		t.Errorf("%s exists", defaultFolder(t))
	}
	if !dataKept && exists(dataDir()) {
		t.Errorf("%s exists", dataDir())
	}
	if t.Failed() {
		t.FailNow()
	}
}
