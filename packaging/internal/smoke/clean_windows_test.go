package smoke

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// fresh fails the test unless the machine holds nothing of the product, and
// makes the test leave nothing: every entry of the product is removed and the data directory
// deleted when it ends, pass or fail.
func fresh(t *testing.T) {
	t.Helper()
	wantClean(t, false)
	exitedForWine(t, defaultAddr())
	t.Cleanup(func() {
		// Wine only: the uninstall's StopServices does not wait for the
		// process, and the program's folder then stays behind now and then
		// (its exe still in use; seen after TestRepair under load).
		stoppedForWine(t)
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

// exitedForWine waits, under Wine only, until no process runs the product's
// program and addr can be bound again: the service a previous case
// removed may still be exiting, since Wine's StopServices returns before the
// service's process has exited (docs/platform.md), and a new install's
// StartServices then fails now and then (the address still taken). Windows'
// StopServices waits. After 30 seconds it gives up: the case then fails on
// its own if the process or the address is in the way.
func exitedForWine(t *testing.T, addr string) {
	t.Helper()
	if wineVersion == "" {
		return
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if programRunning(t) {
			continue
		}
		if ln, err := net.Listen("tcp", addr); err == nil {
			ln.Close()
			return
		}
	}
	t.Logf("%s still running or %s still taken 30s after the service was removed (Wine): going on", prod.ExeName(), addr)
}

// programRunning says whether a process runs an exe named like the
// product's program.
func programRunning(t *testing.T) bool {
	t.Helper()
	snap, err := windows.CreateToolhelp32Snapshot(windows.TH32CS_SNAPPROCESS, 0)
	if err != nil {
		t.Fatalf("list processes: %v", err)
	}
	defer windows.CloseHandle(snap)
	var e windows.ProcessEntry32
	e.Size = uint32(unsafe.Sizeof(e))
	for err = windows.Process32First(snap, &e); err == nil; err = windows.Process32Next(snap, &e) {
		if strings.EqualFold(filepath.Base(windows.UTF16ToString(e.ExeFile[:])), prod.ExeName()) {
			return true
		}
	}
	return false
}

// wineRetry logs, with the marker Run counts and lists in its summary
// (RetryMarker), that the harness retries something only Wine made fail.
// Windows never retries: calling it there is a harness defect.
func wineRetry(t *testing.T, format string, args ...any) {
	t.Helper()
	if wineVersion == "" {
		t.Fatalf("harness defect: a Wine-only retry on Windows: "+format, args...)
	}
	t.Logf(RetryMarker+" "+format, args...)
}
