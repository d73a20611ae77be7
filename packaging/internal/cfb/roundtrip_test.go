package cfb_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/cfb"
)

// The writer and the reader agree: what Build writes, Open (in memory) and
// ReadStreams (sector by sector from the file) read back byte for byte,
// with each stream's length. The sizes sit on both sides of every boundary
// the two halves must place alike: the mini sector (64), the sector (512),
// the mini-stream cutoff (4096, at which a stream leaves the mini stream),
// and a directory, mini FAT and FAT of more than one sector each.
func TestWrittenFilesReadBack(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 5))
	data := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	var edges []cfb.Stream
	for i, n := range []int{0, 1, 63, 64, 65, 511, 512, 513, 1023, 1024, 1025, 4032, 4095, 4096, 4097, 4607, 4608, 4609, 8191, 8192, 8193, 70000} {
		edges = append(edges, cfb.Stream{Name: fmt.Sprintf("size %d (%d)", n, i), Data: data(n)})
	}
	edges = append(edges,
		cfb.Stream{Name: strings.Repeat("L", 31), Data: data(100)},                        // the longest name
		cfb.Stream{Name: "\u4840\u3b3f\u43f2\u4438\u45b1", Data: data(300)},               // an MSI table's encoded name
		cfb.Stream{Name: "\x05SummaryInformation", Data: data(400)},                       // a name with a control character
		cfb.Stream{Name: "lower", Data: data(5000)}, cfb.Stream{Name: "Z", Data: data(2)}, // ordered apart from their case
	)
	cases := map[string][]cfb.Stream{
		"boundaries":       edges,
		"one empty stream": {{Name: "e", Data: nil}},
		"no streams":       nil,
		"large only":       {{Name: "big", Data: data(4096)}, {Name: "bigger", Data: data(300000)}},
		"small only":       {{Name: "a", Data: data(4095)}, {Name: "b", Data: data(4095)}, {Name: "c", Data: data(4095)}},
	}
	// And random shapes: up to 40 streams, each of a size near a boundary.
	near := []int{0, 1, 64, 512, 4096, 8192}
	for c := range 30 {
		var streams []cfb.Stream
		for i := range r.IntN(40) {
			n := max(near[r.IntN(len(near))]+r.IntN(5)-2, 0)
			streams = append(streams, cfb.Stream{Name: fmt.Sprintf("s%d", i), Data: data(n)})
		}
		cases[fmt.Sprintf("random %d", c)] = streams
	}

	for name, streams := range cases {
		t.Run(name, func(t *testing.T) {
			class := [16]byte{0x84, 0x10, 0x0C, byte(len(streams))}
			b, err := cfb.Build(class, streams)
			if err != nil {
				t.Fatal(err)
			}
			if len(b)%512 != 0 {
				t.Errorf("a file of %d bytes: not whole 512-byte sectors", len(b))
			}
			f, err := cfb.Open(b)
			if err != nil {
				t.Fatal(err)
			}
			inMemory, err := f.ReadStreams(nil)
			if err != nil {
				t.Fatal(err)
			}
			same(t, "in memory", f.Class(), inMemory, class, streams)
			for _, s := range streams {
				offs, err := f.StreamOffsets(s.Name)
				if err != nil {
					t.Fatal(err)
				}
				if got, err := f.Bytes(offs); err != nil || !bytes.Equal(got, s.Data) {
					t.Errorf("stream %q by name: %d bytes, %v; want its %d", s.Name, len(got), err, len(s.Data))
				}
			}

			path := filepath.Join(t.TempDir(), "written.cfb")
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			gotClass, fromFile, err := cfb.ReadStreams(path)
			if err != nil {
				t.Fatal(err)
			}
			same(t, "from the file", gotClass, fromFile, class, streams)
		})
	}
}

func same(t *testing.T, how string, gotClass [16]byte, got []cfb.Stream, class [16]byte, want []cfb.Stream) {
	t.Helper()
	if gotClass != class {
		t.Errorf("%s: class %X, want %X", how, gotClass, class)
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d streams, want %d", how, len(got), len(want))
	}
	for i := range got {
		if got[i].Name != want[i].Name || len(got[i].Data) != len(want[i].Data) || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Errorf("%s: stream %d is %q of %d bytes, want %q of %d (same bytes)", how, i, got[i].Name, len(got[i].Data), want[i].Name, len(want[i].Data))
		}
	}
}
