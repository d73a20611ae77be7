package rotate

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/svcpack/svcpack/internal/testtemp"
)

// TestFloodThroughRotationAndCompression is the 100 MB flood (the numbered
// lines of packaging/bench's flood check) written by two streams at once, in
// batches of whole lines as internal/wrap's LineSink writes them, through
// rotation by size (1 MiB) and by the hour (the clock moves 10 s at each
// write, so about every 360 writes), with every rotated file compressed.
// Read back, gunzipped, oldest first: every line of each stream is there
// exactly once, in order, whole.
func TestFloodThroughRotationAndCompression(t *testing.T) {
	dir := testtemp.Dir(t)
	var ticks atomic.Int64
	start := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	now := func() time.Time { return start.Add(time.Duration(ticks.Add(1)) * 10 * time.Second) }
	w := openPolicy(t, dir, Policy{MaxBytes: 1 << 20, MaxFiles: 1000, Every: time.Hour, Compress: true, Now: now})

	const perStream = 50 << 20
	streams := []string{"stdout", "stderr"}
	var wg sync.WaitGroup
	for _, s := range streams {
		wg.Go(func() {
			var batch bytes.Buffer
			for i, written := 0, 0; written < perStream; i++ {
				n, _ := fmt.Fprintf(&batch, "seq=%d stream=%s %s\n", i, s, strings.Repeat("x", i%200))
				written += n
				if batch.Len() > 40<<10 || written >= perStream {
					if _, err := w.Write(batch.Bytes()); err != nil {
						t.Error(err)
						return
					}
					batch.Reset()
				}
			}
		})
	}
	wg.Wait()
	w.tidy.idle()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	// About 2,600 writes move the clock over 7 hours: the files' stamps
	// span them, the hourly rotations among the ~100 by size.
	names, hours, gz := rotatedOldestFirst(t, dir)
	if gz != len(names) || hours < 7 || len(names) < 100 {
		t.Fatalf("%d rotated files, %d compressed, over %d hours: want about 100, all compressed, over 7 hours or more",
			len(names), gz, hours)
	}
	next := map[string]int{}
	for _, name := range append(names, "svc.log") {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if data, err = io.ReadAll(zr); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		if len(data) > 1<<20 || len(data) == 0 || data[len(data)-1] != '\n' {
			t.Fatalf("%s: %d bytes, want 1 to 1 MiB ending in a whole line", name, len(data))
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			var i int
			var s string
			line := sc.Text()
			fmt.Sscanf(line, "seq=%d stream=%s", &i, &s)
			if line != fmt.Sprintf("seq=%d stream=%s %s", next[s], s, strings.Repeat("x", next[s]%200)) {
				t.Fatalf("%s: line %.80q; want %s's line %d, whole", name, line, s, next[s])
			}
			next[s]++
		}
	}
	for _, s := range streams {
		if next[s] == 0 || next[s] < perStream/250 {
			t.Errorf("%s: %d lines read back", s, next[s])
		}
	}
}

// rotatedOldestFirst lists the rotated files, the number of hours their
// stamps span and how many are compressed.
func rotatedOldestFirst(t *testing.T, dir string) (names []string, hours, gz int) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	type file struct {
		k    key
		name string
	}
	var fs []file
	for _, e := range entries {
		k, isGz, ok := parseRotated("svc", e.Name())
		if !ok {
			if e.Name() != "svc.log" {
				t.Errorf("unexpected file %s", e.Name())
			}
			continue
		}
		fs = append(fs, file{k, e.Name()})
		if isGz {
			gz++
		}
	}
	slices.SortFunc(fs, func(a, b file) int {
		if a.k.older(b.k) {
			return -1
		}
		return 1
	})
	seen := map[string]bool{}
	for _, f := range fs {
		names = append(names, f.name)
		seen[f.k.stamp[:11]] = true // yyyyMMdd-hh
	}
	return names, len(seen), gz
}
