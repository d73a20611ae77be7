package wrap

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"
)

var fixedNow = func() time.Time { return time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC) }

// recordingWriter keeps each Write separately, to check batches hold whole lines.
type recordingWriter struct {
	mu     sync.Mutex
	writes [][]byte
}

func (w *recordingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes = append(w.writes, append([]byte(nil), p...))
	return len(p), nil
}

func (w *recordingWriter) all() string {
	return string(bytes.Join(w.writes, nil))
}

func TestLineSinkTagsAndFrames(t *testing.T) {
	var w recordingWriter
	s := NewLineSink(&w, fixedNow)
	// One byte per Read: lines arrive in pieces, CRLF is split too.
	n, err := s.Copy("stderr", iotest.OneByteReader(strings.NewReader("first\r\nsecond\n\nno newline at the end")))
	if err != nil || n != 36 {
		t.Fatalf("Copy = %d, %v", n, err)
	}
	want := "2026-12-01T04:00:00.000Z stderr | first\n" +
		"2026-12-01T04:00:00.000Z stderr | second\n" +
		"2026-12-01T04:00:00.000Z stderr | \n" +
		"2026-12-01T04:00:00.000Z stderr | no newline at the end\n"
	if got := w.all(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestLineSinkSplitsLongLines(t *testing.T) {
	var w recordingWriter
	s := NewLineSink(&w, fixedNow)
	long := strings.Repeat("a", 2*maxLine+10)
	if _, err := s.Copy("stdout", strings.NewReader(long+"\nb\n")); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(w.all(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4 (3 pieces and b)", len(lines))
	}
	var joined string
	for i, l := range lines[:3] {
		tag := " stdout+ | "
		if i == 2 {
			tag = " stdout | "
		}
		_, text, ok := strings.Cut(l, tag)
		if !ok {
			t.Fatalf("piece %d %.60q… lacks %q", i, l, tag)
		}
		joined += text
	}
	if joined != long || !strings.HasSuffix(lines[3], " stdout | b") {
		t.Errorf("the pieces do not join to the line (len %d, want %d), or the next line is wrong: %q", len(joined), len(long), lines[3])
	}
}

// Two streams written at once from a fast writer: every write to the sink is
// a run of whole lines, and every line of each stream arrives once, in order.
func TestLineSinkConcurrentStreamsNeverTearOrLose(t *testing.T) {
	var w recordingWriter
	s := NewLineSink(&w, fixedNow)
	const lines = 20000
	var wg sync.WaitGroup
	for _, name := range []string{"stdout", "stderr"} {
		pr, pw := io.Pipe()
		wg.Add(2)
		go func() {
			defer wg.Done()
			if _, err := s.Copy(name, pr); err != nil {
				t.Error(err)
			}
		}()
		go func() {
			defer wg.Done()
			var b bytes.Buffer
			for i := range lines {
				fmt.Fprintf(&b, "%s %d %s\n", name, i, strings.Repeat("x", i%300))
				if b.Len() > 7000 { // write across line boundaries
					chunk := b.Next(4093)
					pw.Write(chunk)
				}
			}
			pw.Write(b.Bytes())
			pw.Close()
		}()
	}
	wg.Wait()
	next := map[string]int{}
	for _, wr := range w.writes {
		if len(wr) > maxBatch || wr[len(wr)-1] != '\n' {
			t.Fatalf("a write of %d bytes is not a run of whole lines within %d bytes", len(wr), maxBatch)
		}
		for _, l := range strings.Split(strings.TrimSuffix(string(wr), "\n"), "\n") {
			_, text, _ := strings.Cut(l, " | ")
			var name string
			var i int
			fmt.Sscanf(text, "%s %d", &name, &i)
			if !strings.HasPrefix(l[25:], name+" | ") || i != next[name] || text != fmt.Sprintf("%s %d %s", name, i, strings.Repeat("x", i%300)) {
				t.Fatalf("line %q: want %s line %d, whole", l, name, next[name])
			}
			next[name]++
		}
	}
	if next["stdout"] != lines || next["stderr"] != lines {
		t.Errorf("lines seen %v, want %d of each", next, lines)
	}
}

func TestLineSinkKeepsReadingAfterWriteError(t *testing.T) {
	s := NewLineSink(failingWriter{}, fixedNow)
	n, err := s.Copy("stdout", strings.NewReader(strings.Repeat("line\n", 50000)))
	if err == nil || n != 250000 {
		t.Errorf("Copy = %d, %v; want all 250000 bytes read (the program must not block) and the error", n, err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, io.ErrShortWrite }

// A failed write (a rotation refused this time) loses that batch only: the
// lines after it still reach the log, and the error is returned.
func TestLineSinkWritesOnAfterAFailedWrite(t *testing.T) {
	w := &failOnce{}
	s := NewLineSink(w, fixedNow)
	_, err := s.Copy("stdout", iotest.OneByteReader(strings.NewReader("a\nb\nc\n")))
	if err == nil {
		t.Error("Copy returned no error; want the failed write's")
	}
	want := "2026-12-01T04:00:00.000Z stdout | b\n2026-12-01T04:00:00.000Z stdout | c\n"
	if got := w.ok.String(); got != want {
		t.Errorf("written after the failure:\n%s\nwant\n%s", got, want)
	}
}

// failOnce fails its first Write and keeps the others.
type failOnce struct {
	failed bool
	ok     bytes.Buffer
}

func (w *failOnce) Write(p []byte) (int, error) {
	if !w.failed {
		w.failed = true
		return 0, io.ErrShortWrite
	}
	return w.ok.Write(p)
}
