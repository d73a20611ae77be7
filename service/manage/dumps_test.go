package manage

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/internal/testtemp"
)

func writeAged(t *testing.T, path string, age time.Duration) {
	t.Helper()
	if err := os.WriteFile(path, []byte("MDMP"), 0o644); err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-age)
	if err := os.Chtimes(path, at, at); err != nil {
		t.Fatal(err)
	}
}

// TestNewestDumpPicksTheLatestDmp: the newest .dmp by write time, whatever
// the case of its extension; other files and folders are not dumps.
func TestNewestDumpPicksTheLatestDmp(t *testing.T) {
	dir := testtemp.Dir(t)
	writeAged(t, filepath.Join(dir, "svc.exe.100.dmp"), 3*time.Hour)
	writeAged(t, filepath.Join(dir, "svc.exe.200.DMP"), time.Hour)
	writeAged(t, filepath.Join(dir, "notes.txt"), time.Minute)
	if err := os.Mkdir(filepath.Join(dir, "folder.dmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, at, err := newestDump(dir)
	if err != nil || got != filepath.Join(dir, "svc.exe.200.DMP") {
		t.Fatalf("newestDump = %q, %v; want svc.exe.200.DMP", got, err)
	}
	if d := time.Since(at); d < 59*time.Minute || d > 2*time.Hour {
		t.Errorf("written %v ago, want about an hour", d)
	}
	if got, _, err := newestDump(filepath.Join(dir, "missing")); got != "" || err != nil {
		t.Errorf("missing folder: %q, %v; want none", got, err)
	}
	empty := testtemp.Dir(t)
	if got, _, err := newestDump(empty); got != "" || err != nil {
		t.Errorf("empty folder: %q, %v; want none", got, err)
	}
}

// TestStatusNamesTheNewestDump: `service status` prints the newest dump in
// <ProgramData>\<name>\dumps, or says there is none and where it looked.
func TestStatusNamesTheNewestDump(t *testing.T) {
	f := newFake()
	installed(f)
	f.dataRoot = testtemp.Dir(t)
	var out bytes.Buffer
	if err := run(f.env(&out), testSpec, []string{"status"}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(f.dataRoot, "hellosvc", DumpsFolder)
	if want := "Newest crash dump:     none in " + dir + "\n"; !strings.Contains(out.String(), want) {
		t.Errorf("status lacks %q:\n%s", want, out.String())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeAged(t, filepath.Join(dir, "hellosvc.exe.4242.dmp"), 0)
	out.Reset()
	if err := run(f.env(&out), testSpec, []string{"status"}); err != nil {
		t.Fatal(err)
	}
	if want := "Newest crash dump:     " + filepath.Join(dir, "hellosvc.exe.4242.dmp") + " (written "; !strings.Contains(out.String(), want) {
		t.Errorf("status lacks %q:\n%s", want, out.String())
	}
}
