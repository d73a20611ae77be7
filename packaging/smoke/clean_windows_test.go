package smoke

import "testing"

// fresh fails the test unless the machine holds no hellosvc, and makes the
// test leave none: every hellosvc product is removed and the data directory
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

// wantClean fails the test if anything of hellosvc is on the machine:
// product, service, registry keys, program files. The data directory is
// allowed only when dataKept (uninstall keeps it on purpose).
func wantClean(t *testing.T, dataKept bool) {
	t.Helper()
	if ps := products(t); len(ps) > 0 {
		t.Errorf("Add/Remove Programs lists %v", ps)
	}
	if st, found := serviceStatus(t); found {
		t.Errorf("service %s exists (state %d)", serviceName, st.State)
	}
	if s := hellosvcServices(t); len(s) > 0 {
		t.Errorf("services %v exist", s)
	}
	for _, key := range []string{serviceKey, eventKey, rememberKey} {
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
