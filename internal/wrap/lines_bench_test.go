package wrap

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/svcpack/svcpack/service/logfile"
)

// floodInput is what examples/wrapdemo/console/console.c's flood step writes: numbered 100-byte lines.
func floodInput(size int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "seq=%d stream=stdout %s\n", i, bytes.Repeat([]byte("x"), 100))
	}
	return b.Bytes()
}

// BenchmarkLineSink is the framing's cost alone (go test -bench LineSink
// ./internal/wrap): to memory, and into the rotating output log.
func BenchmarkLineSink(b *testing.B) {
	in := floodInput(8 << 20)
	run := func(b *testing.B, w io.Writer) {
		s := NewLineSink(w, time.Now)
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			if _, err := s.Copy("stdout", bytes.NewReader(in)); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("discard", func(b *testing.B) { run(b, io.Discard) })
	b.Run("rotating-file", func(b *testing.B) {
		w, err := logfile.Open(b.TempDir(), "bench.output", 64<<20, 1)
		if err != nil {
			b.Fatal(err)
		}
		defer w.Close()
		run(b, w)
	})
	b.Run("plain-file-baseline", func(b *testing.B) {
		w, err := logfile.Open(b.TempDir(), "bench.direct", 64<<20, 1)
		if err != nil {
			b.Fatal(err)
		}
		defer w.Close()
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			for p := in; len(p) > 0; p = p[min(len(p), 32<<10):] {
				if _, err := w.Write(p[:min(len(p), 32<<10)]); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
