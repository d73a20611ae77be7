package rotate

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/svcpack/svcpack/internal/testtemp"
)

// fixedNow is the clock of the tests that do not move it: rotated names
// are then svc.20261201-040000.log, svc.20261201-040000-2.log, …
func fixedNow() time.Time { return time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC) }

const stamp0 = "svc.20261201-040000"

func open(t *testing.T, dir string, maxBytes int64, maxFiles int) *Writer {
	t.Helper()
	return openPolicy(t, dir, Policy{MaxBytes: maxBytes, MaxFiles: maxFiles, Now: fixedNow})
}

func openPolicy(t *testing.T, dir string, p Policy) *Writer {
	t.Helper()
	w, err := OpenPolicy(dir, "svc", p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func write(t *testing.T, w *Writer, ss ...string) {
	t.Helper()
	for _, s := range ss {
		if n, err := w.Write([]byte(s)); err != nil || n != len(s) {
			t.Fatalf("Write(%q) = %d, %v", s, n, err)
		}
	}
}

// files returns name -> content for everything in dir.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

func wantFiles(t *testing.T, w *Writer, dir string, want map[string]string) {
	t.Helper()
	w.tidy.idle()
	got := files(t, dir)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("files in log dir:\n got %v\nwant %v", got, want)
	}
}

func TestRotatesOnlyPastMaxBytes(t *testing.T) {
	dir := testtemp.Dir(t)
	w := open(t, dir, 10, 3)
	write(t, w, "aaaa", "bbbbbb") // exactly 10: not past the limit
	wantFiles(t, w, dir, map[string]string{"svc.log": "aaaabbbbbb"})
	write(t, w, "c") // 11 would be past it
	wantFiles(t, w, dir, map[string]string{"svc.log": "c", stamp0 + ".log": "aaaabbbbbb"})
}

func TestKeepsMaxFilesNewestFirst(t *testing.T) {
	dir := testtemp.Dir(t)
	// Left by an earlier run configured to keep more files.
	if err := os.WriteFile(filepath.Join(dir, "svc.7.log"), []byte("stale"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Not ours: must survive.
	if err := os.WriteFile(filepath.Join(dir, "other.1.log"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	w := open(t, dir, 1, 2)
	write(t, w, "1", "2", "3", "4", "5")
	wantFiles(t, w, dir, map[string]string{
		"svc.log": "5", stamp0 + "-4.log": "4", stamp0 + "-3.log": "3", "other.1.log": "x",
	})
}

// The rotated file is named after the newest one in the folder when it is
// rotated, not when the log was opened: the folder is listed at the first
// rotation (OpenPolicy is on every service start's path), so a rotated file
// that appeared since (an hour ahead of this clock: written before the
// clock went back) still counts.
func TestRotationNamesAfterTheNewestFileAtRotation(t *testing.T) {
	dir := testtemp.Dir(t)
	w := open(t, dir, 1, 5)
	write(t, w, "1")
	ahead := "svc.20261201-050000"
	if err := os.WriteFile(filepath.Join(dir, ahead+".log"), []byte("ahead"), 0o600); err != nil {
		t.Fatal(err)
	}
	write(t, w, "2")
	wantFiles(t, w, dir, map[string]string{"svc.log": "2", ahead + ".log": "ahead", ahead + "-2.log": "1"})
}

func TestMaxFilesZeroKeepsOnlyCurrent(t *testing.T) {
	dir := testtemp.Dir(t)
	w := open(t, dir, 3, 0)
	write(t, w, "abc", "def", "gh")
	wantFiles(t, w, dir, map[string]string{"svc.log": "gh"})
	write(t, w, "ij")
	wantFiles(t, w, dir, map[string]string{"svc.log": "ij"})
}

func TestRestartAppendsAndContinuesSize(t *testing.T) {
	dir := filepath.Join(testtemp.Dir(t), "logs", "nested") // Open creates it
	w := open(t, dir, 5, 3)
	write(t, w, "abc")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	w = open(t, dir, 5, 3)
	write(t, w, "de") // 3 from the last run + 2 = 5: still fits
	wantFiles(t, w, dir, map[string]string{"svc.log": "abcde"})
	write(t, w, "f")
	wantFiles(t, w, dir, map[string]string{"svc.log": "f", stamp0 + ".log": "abcde"})
}

func TestOversizeWriteIsCutToFitWithAMarker(t *testing.T) {
	dir := testtemp.Dir(t)
	const maxBytes = 100
	w := open(t, dir, maxBytes, 3)
	write(t, w, "ab\n")
	record := "msg=" + strings.Repeat("é", 5000) + "\n" // 10,005 bytes; a cut must not split a character
	write(t, w, record, "x\n")
	w.tidy.idle()
	got := files(t, dir)
	for name, content := range got {
		if len(content) > maxBytes {
			t.Errorf("%s holds %d bytes, more than maxBytes %d", name, len(content), maxBytes)
		}
	}
	all := got[stamp0+".log"] + got[stamp0+"-2.log"] + got["svc.log"] // oldest first
	cut, ok := strings.CutPrefix(all, "ab\n")
	cut, ok2 := strings.CutSuffix(cut, "x\n")
	if !ok || !ok2 {
		t.Fatalf("records around the oversize one lost: %q", got)
	}
	if !utf8.ValidString(cut) || !strings.HasPrefix(cut, "msg=éé") || !strings.HasSuffix(cut, " not written]\n") {
		t.Fatalf("cut write = %.300q, want the start of the record and a marker ending the line", cut)
	}
	head, marker, _ := strings.Cut(cut, "… [")
	if want := fmt.Sprintf("log write cut: %d bytes, the last %d not written]\n", len(record), len(record)-len(head)); marker != want {
		t.Fatalf("marker %q, want %q", marker, want)
	}

	// A limit smaller than the marker still bounds the file.
	small := open(t, testtemp.Dir(t), 8, 0)
	write(t, small, "0123456789")
	small.tidy.idle()
	if got := files(t, small.dir)["svc.log"]; got != "01234567" {
		t.Fatalf("maxBytes 8: file holds %q", got)
	}
}

func TestConcurrentWritesStayWholeAndWithinLimit(t *testing.T) {
	dir := testtemp.Dir(t)
	const writers, lines, maxBytes = 8, 250, 1000
	w := open(t, dir, maxBytes, 1000) // keep everything: nothing may go missing
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for i := range lines {
				if _, err := fmt.Fprintf(w, "writer %d line %03d\n", g, i); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	w.tidy.idle()

	var got []string
	for name, content := range files(t, dir) {
		if len(content) > maxBytes {
			t.Errorf("%s holds %d bytes, more than %d", name, len(content), maxBytes)
		}
		sc := bufio.NewScanner(strings.NewReader(content))
		for sc.Scan() {
			got = append(got, sc.Text())
		}
		if !strings.HasSuffix(content, "\n") {
			t.Errorf("%s ends in a partial line: %q", name, content[max(0, len(content)-20):])
		}
	}
	var want []string
	for g := range writers {
		for i := range lines {
			want = append(want, fmt.Sprintf("writer %d line %03d", g, i))
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("got %d lines, want %d, each once and whole", len(got), len(want))
	}
}

// On Windows a reader holding svc.log open makes the rename fail (here a
// rename that fails once stands for it): the write must land in the current
// file, the rotated history stay as it was, and the next write that needs a
// rotation retry it.
func TestFailedRotationLosesNothing(t *testing.T) {
	dir := testtemp.Dir(t)
	w := open(t, dir, 2, 2)
	write(t, w, "aa", "bb")
	w.rename = func(string, string) error { return errors.New("the file is held open") }

	n, err := w.Write([]byte("cc"))
	if err == nil || n != 2 {
		t.Fatalf("Write during a failing rotation = %d, %v; want 2 and the rotation error", n, err)
	}
	wantFiles(t, w, dir, map[string]string{"svc.log": "bbcc", stamp0 + ".log": "aa"})

	w.rename = os.Rename
	write(t, w, "dd")
	wantFiles(t, w, dir, map[string]string{"svc.log": "dd", stamp0 + "-2.log": "bbcc", stamp0 + ".log": "aa"})
}

func TestWriteAfterCloseFails(t *testing.T) {
	w := open(t, testtemp.Dir(t), 10, 1)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("x")); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("Write after Close: %v, want fs.ErrClosed", err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestOpenRejectsBadLimits(t *testing.T) {
	for _, tc := range []struct {
		base     string
		maxBytes int64
		maxFiles int
	}{
		{"svc", 0, 1},
		{"svc", -1, 1},
		{"svc", 10, -1},
		{"", 10, 1},
		{"a/b", 10, 1},
	} {
		if w, err := Open(testtemp.Dir(t), tc.base, tc.maxBytes, tc.maxFiles); err == nil {
			w.Close()
			t.Errorf("Open(%q, %d, %d) succeeded, want an error", tc.base, tc.maxBytes, tc.maxFiles)
		}
	}
}
