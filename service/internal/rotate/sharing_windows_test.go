package rotate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
)

// A reader holding a log file open without FILE_SHARE_DELETE (os.Open's
// sharing, as an editor or a tail may) blocks its rename and its removal on
// Windows. Held current file: the rotation fails, the write lands in it and
// the next write retries. Held rotated file: retention cannot remove it, the
// log says so, and the next pass removes it. No write is lost either way.
func TestReaderHoldingLogFilesOpen(t *testing.T) {
	dir := testtemp.Dir(t)
	w := open(t, dir, 4096, 1)
	chunk := func(c string) string { return strings.Repeat(c, 3000) }
	write(t, w, chunk("a"))

	current, err := os.Open(filepath.Join(dir, "svc.log"))
	if err != nil {
		t.Fatal(err)
	}
	n, err := w.Write([]byte(chunk("b")))
	current.Close()
	if n != 3000 || err == nil {
		t.Fatalf("Write with svc.log held open = %d, %v; want 3000 and the rotation error", n, err)
	}
	write(t, w, chunk("c"))
	wantFiles(t, w, dir, map[string]string{"svc.log": chunk("c"), stamp0 + ".log": chunk("a") + chunk("b")})

	rotated, err := os.Open(filepath.Join(dir, stamp0+".log"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, w, chunk("d")) // rotates c; retention (1 file) cannot remove the held a+b
	w.tidy.idle()
	rotated.Close()
	if _, err := w.Write([]byte("e")); err == nil || !strings.Contains(err.Error(), stamp0+".log") {
		t.Errorf("Write after a failed retention = %v, want the error naming %s.log", err, stamp0)
	}
	got := files(t, dir)["svc.log"]
	if !strings.HasPrefix(got, chunk("d")+"… [log tidying: ") || !strings.HasSuffix(got, "]\ne") {
		t.Errorf("svc.log = %.80q…%q, want d, the retention note, then e", got, got[max(0, len(got)-80):])
	}
	write(t, w, chunk("f")) // the next pass removes the file no longer held
	wantFiles(t, w, dir, map[string]string{"svc.log": chunk("f"), stamp0 + "-3.log": got})
}
