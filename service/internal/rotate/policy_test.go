package rotate

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/internal/testtemp"
)

// clock is a clock the test moves.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestRotatesAtTheHour(t *testing.T) {
	dir := testtemp.Dir(t)
	c := &clock{time.Date(2026, 12, 1, 4, 10, 0, 0, time.UTC)}
	w := openPolicy(t, dir, Policy{MaxBytes: 1 << 20, MaxFiles: 5, Every: time.Hour, Now: c.now})
	write(t, w, "a")
	c.t = c.t.Add(49*time.Minute + 59*time.Second) // 04:59:59
	write(t, w, "b")
	wantFiles(t, w, dir, map[string]string{"svc.log": "ab"})
	c.t = c.t.Add(time.Second) // 05:00:00
	write(t, w, "c")
	wantFiles(t, w, dir, map[string]string{"svc.log": "c", "svc.20261201-050000.log": "ab"})
	c.t = c.t.Add(3 * time.Hour) // hours later: one rotation, not one per hour missed
	write(t, w, "d", "e")
	wantFiles(t, w, dir, map[string]string{"svc.log": "de", "svc.20261201-050000.log": "ab", "svc.20261201-080000.log": "c"})
}

// Daily means the clock's local midnight, here UTC+05:30: 18:30 UTC.
func TestRotatesAtLocalMidnight(t *testing.T) {
	dir := testtemp.Dir(t)
	ist := time.FixedZone("IST", 5*3600+1800)
	c := &clock{time.Date(2026, 12, 1, 23, 59, 0, 0, ist)}
	w := openPolicy(t, dir, Policy{MaxBytes: 1 << 20, MaxFiles: 5, Every: 24 * time.Hour, Now: c.now})
	write(t, w, "late")
	c.t = c.t.Add(time.Minute)
	write(t, w, "early")
	wantFiles(t, w, dir, map[string]string{"svc.log": "early", "svc.20261201-183000.log": "late"})
}

// An empty file is not rotated at a boundary: no empty rotated files.
func TestEmptyFileIsNotRotatedAtABoundary(t *testing.T) {
	dir := testtemp.Dir(t)
	c := &clock{time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)}
	w := openPolicy(t, dir, Policy{MaxBytes: 1 << 20, MaxFiles: 5, Every: time.Hour, Now: c.now})
	c.t = c.t.Add(time.Hour)
	write(t, w, "a")
	c.t = c.t.Add(30 * time.Minute) // the next boundary is 06:00, not 05:00
	write(t, w, "b")
	wantFiles(t, w, dir, map[string]string{"svc.log": "ab"})
}

// A restarted service's file from an earlier day rotates at the first write.
func TestFileFromAnEarlierPeriodRotatesAtFirstWrite(t *testing.T) {
	dir := testtemp.Dir(t)
	yesterday := time.Date(2026, 11, 30, 22, 0, 0, 0, time.UTC)
	if err := os.WriteFile(filepath.Join(dir, "svc.log"), []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(dir, "svc.log"), yesterday, yesterday); err != nil {
		t.Fatal(err)
	}
	c := &clock{time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	w := openPolicy(t, dir, Policy{MaxBytes: 1 << 20, MaxFiles: 5, Every: 24 * time.Hour, Now: c.now})
	write(t, w, "new\n")
	wantFiles(t, w, dir, map[string]string{"svc.log": "new\n", "svc.20261201-090000.log": "old\n"})
}

// Retention by age reads modification times (the files' real ones, so the
// clock here is the real time) against the clock; by count it keeps the
// newest by rotation. Both apply at Open too.
func TestRetentionByAgeAndCount(t *testing.T) {
	dir := testtemp.Dir(t)
	now := time.Now()
	for name, age := range map[string]time.Duration{
		"svc.20200101-040000.log":    9 * 24 * time.Hour,
		"svc.20200108-040000.log.gz": 50 * time.Hour,
		"svc.20200109-040000.log":    30 * time.Hour,
		"svc.20200110-040000.log":    8 * time.Hour,
		"svc.3.log":                  2 * time.Hour, // an earlier version's: older by name
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(name), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	c := &clock{now}
	w := openPolicy(t, dir, Policy{MaxBytes: 1, MaxFiles: 3, MaxAge: 48 * time.Hour, Now: c.now})
	wantFiles(t, w, dir, map[string]string{
		"svc.log":                 "",
		"svc.20200109-040000.log": "svc.20200109-040000.log",
		"svc.20200110-040000.log": "svc.20200110-040000.log",
		"svc.3.log":               "svc.3.log",
	})
	write(t, w, "a", "b")
	wantFiles(t, w, dir, map[string]string{ // count 3: the earlier version's file goes first
		"svc.log":                 "b",
		"svc.20200109-040000.log": "svc.20200109-040000.log",
		"svc.20200110-040000.log": "svc.20200110-040000.log",
		"svc." + now.UTC().Format(stampLayout) + ".log": "a",
	})
	w.p.MaxFiles = 10             // by age alone from here
	c.t = now.Add(17 * time.Hour) // the 20200109 file is now 47 h old: kept
	write(t, w, "c")
	w.tidy.idle()
	if _, ok := files(t, dir)["svc.20200109-040000.log"]; !ok {
		t.Errorf("a file younger than MaxAge was dropped")
	}
	c.t = now.Add(19 * time.Hour) // 49 h
	write(t, w, "d")
	w.tidy.idle()
	if _, ok := files(t, dir)["svc.20200109-040000.log"]; ok {
		t.Errorf("a file older than MaxAge is kept")
	}
}

func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestCompressReplacesTheRotatedFileKeepingItsTime(t *testing.T) {
	dir := testtemp.Dir(t)
	w := openPolicy(t, dir, Policy{MaxBytes: 7, MaxFiles: 5, Compress: true, Now: fixedNow})
	write(t, w, "first\n", "second\n")
	w.tidy.idle()
	got := files(t, dir)
	gz, ok := got[stamp0+".log.gz"]
	if len(got) != 2 || !ok || got["svc.log"] != "second\n" {
		t.Fatalf("files %q: want svc.log and %s.log.gz only", keys(got), stamp0)
	}
	if s := gunzip(t, []byte(gz)); s != "first\n" {
		t.Errorf("the .gz holds %q", s)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A crash mid-compress leaves the rotated .log and a partial .gz: the next
// Open compresses again; the partial one never counts as the copy.
func TestPartialCompressionIsRedoneFromTheLog(t *testing.T) {
	dir := testtemp.Dir(t)
	log := filepath.Join(dir, stamp0+".log")
	if err := os.WriteFile(log, []byte("kept\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(log+partialSuffix, []byte("\x1f\x8b half"), 0o600); err != nil {
		t.Fatal(err)
	}
	w := openPolicy(t, dir, Policy{MaxBytes: 1 << 20, MaxFiles: 5, Compress: true, Now: fixedNow})
	w.tidy.idle()
	got := files(t, dir)
	if len(got) != 2 || gunzip(t, []byte(got[stamp0+".log.gz"])) != "kept\n" {
		t.Fatalf("files %q: want svc.log and the complete .gz only", keys(got))
	}
}

// A Close during compression abandons it: the .log stays, no partial file.
func TestCloseDuringCompressionKeepsTheLog(t *testing.T) {
	dir := testtemp.Dir(t)
	w := openPolicy(t, dir, Policy{MaxBytes: 1 << 20, MaxFiles: 5, Now: fixedNow})
	log := filepath.Join(dir, stamp0+".log")
	if err := os.WriteFile(log, []byte(strings.Repeat("line\n", 100000)), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.tidy.idle)
	tid := &tidier{w: w}
	tid.stopping.Store(true) // as Close sets it
	if err := tid.compress(log); err != nil {
		t.Fatal(err)
	}
	got := files(t, dir)
	if len(got) != 2 || len(got[stamp0+".log"]) != 500000 {
		t.Fatalf("files %q: want svc.log and the whole rotated .log", keys(got))
	}
}

func TestOpenRejectsBadPolicy(t *testing.T) {
	for _, p := range []Policy{
		{MaxBytes: 10, MaxAge: -time.Second},
		{MaxBytes: 10, Every: time.Minute},
		{MaxBytes: 10, Every: 48 * time.Hour},
	} {
		if w, err := OpenPolicy(testtemp.Dir(t), "svc", p); err == nil {
			w.Close()
			t.Errorf("OpenPolicy(%+v) succeeded, want an error", p)
		}
	}
}

// What the tidying cannot do (here: remove a rotated file that is a
// directory, as a reader holding it open would on Windows) is said in the
// log itself, on a line of its own before the next write, and returned once.
func TestTidyingFailureIsSaidInTheLog(t *testing.T) {
	dir := testtemp.Dir(t)
	if err := os.MkdirAll(filepath.Join(dir, "svc.20200101-000000.log", "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	w := openPolicy(t, dir, Policy{MaxBytes: 1 << 20, MaxFiles: 0, Now: fixedNow})
	w.tidy.idle()
	if _, err := w.Write([]byte("next\n")); err == nil || !strings.Contains(err.Error(), "svc.20200101-000000.log") {
		t.Errorf("Write = %v, want the retention error naming the file", err)
	}
	write(t, w, "later\n")
	got := files(t, dir)["svc.log"]
	if !strings.HasPrefix(got, "… [log tidying: log retention: ") || !strings.HasSuffix(got, "]\nnext\nlater\n") {
		t.Errorf("svc.log = %q, want the note, then the lines", got)
	}
}
