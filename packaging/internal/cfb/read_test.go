package cfb

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readSummary opens data as the two readers do (in memory, and sector by
// sector from a file) and reads its summary information stream, as
// packaging/internal/msidb does to stamp an MSI. It returns the first error.
func readSummary(t *testing.T, data []byte) error {
	t.Helper()
	read := func(f *File, err error) error {
		if err != nil {
			return err
		}
		offs, err := f.StreamOffsets("\x05SummaryInformation")
		if err != nil {
			return err
		}
		_, err = f.Bytes(offs)
		return err
	}
	mem := read(Open(data))
	path := filepath.Join(t.TempDir(), "file.msi")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	file := ReadFile(path, func(f *File) error { return read(f, nil) })
	if (mem == nil) != (file == nil) || mem != nil && mem.Error() != file.Error() {
		t.Errorf("the in-memory reader says %v, the file reader %v: want the same", mem, file)
	}
	return mem
}

// A hostile compound file gets an error from the reader: never a panic, an
// endless loop or an allocation beyond the file's size. Each case corrupts
// one field of a real MSI (wixl's, a version 3 file with 512-byte sectors).
func TestReaderRefusesCraftedFiles(t *testing.T) {
	good, err := os.ReadFile(wixlMSI(t, []byte("tiny")))
	if err != nil {
		t.Fatal(err)
	}
	if err := readSummary(t, good); err != nil {
		t.Fatalf("the untouched MSI: %v", err)
	}
	put16 := func(b []byte, off int, v uint16) { binary.LittleEndian.PutUint16(b[off:], v) }
	put32 := func(b []byte, off int, v uint32) { binary.LittleEndian.PutUint32(b[off:], v) }
	const sector = 512
	at := func(s uint32) int { return (int(s) + 1) * sector } // a sector's file offset
	firstFAT := le32(good, 0x4C)
	dirStart := le32(good, 0x30)
	for _, c := range []struct {
		name    string
		corrupt func(b []byte) []byte
		want    string
	}{
		{"no signature", func(b []byte) []byte { b[0] = 'M'; return b }, "compound file signature"},
		{"shorter than a header", func(b []byte) []byte { return b[:300] }, "shorter than"},
		{"sector shift 0xFFFF", func(b []byte) []byte { put16(b, 0x1E, 0xFFFF); return b }, "sector shift 65535"},
		{"sector shift 0", func(b []byte) []byte { put16(b, 0x1E, 0); return b }, "sector shift 0"},
		{"sector shift 30", func(b []byte) []byte { put16(b, 0x1E, 30); return b }, "sector shift 30"},
		{"version 3 with 4096-byte sectors", func(b []byte) []byte { put16(b, 0x1E, 12); return b }, "version 3 with sector shift 12"},
		{"mini sector shift 40", func(b []byte) []byte { put16(b, 0x20, 40); return b }, "mini sector shift 40"},
		{"directory chain loops", func(b []byte) []byte {
			put32(b, at(firstFAT)+4*int(dirStart), dirStart)
			return b
		}, "loops"},
		{"directory beyond the file", func(b []byte) []byte { put32(b, 0x30, 1<<20); return b }, "beyond"},
		{"FAT sector beyond the file", func(b []byte) []byte { put32(b, 0x4C, 0xFFFFFF00); return b }, "beyond end of file"},
		{"directory in the FAT but beyond the file", func(b []byte) []byte {
			beyond := uint32(len(b)/sector + 10) // a FAT sector maps 128; the file has fewer
			put32(b, 0x30, beyond)
			put32(b, at(firstFAT)+4*int(beyond), endOfChain)
			return b
		}, "beyond"},
		{"file cut short", func(b []byte) []byte { return b[:len(b)/2] }, ""},
		{"DIFAT chain loops, with 2^32-1 sectors announced", func(b []byte) []byte {
			put32(b, 0x44, dirStart)
			put32(b, 0x48, 0xFFFFFFFF)
			put32(b, at(dirStart)+sector-4, dirStart) // the DIFAT sector's next is itself
			return b
		}, ""},
		{"root entry's mini stream larger than the file", func(b []byte) []byte {
			put32(b, at(dirStart)+120, 0xFFFFFFF0)
			return b
		}, "a stream of"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := readSummary(t, c.corrupt(slices.Clone(good)))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("reading the summary: %v, want an error with %q", err, c.want)
			}
		})
	}
}

// Version 4 files (4096-byte sectors) remain accepted: the header check
// refuses a 4096-byte sector only in a version 3 file.
func TestVersion4HeaderAccepted(t *testing.T) {
	data := make([]byte, 3*4096)
	copy(data, signature)
	binary.LittleEndian.PutUint16(data[0x1A:], 4)
	binary.LittleEndian.PutUint16(data[0x1E:], 12)
	binary.LittleEndian.PutUint16(data[0x20:], 6)
	_, err := Open(data)
	if err != nil && strings.Contains(err.Error(), "shift") {
		t.Errorf("a version 4 header with sector shift 12 refused: %v", err)
	}
}

// Directory entries that all name the same long chain are refused once the
// streams they read add up to more than the file: ReadStreams would
// otherwise read the file again for each entry.
func TestReadStreamsRefusesSharedChains(t *testing.T) {
	msi := wixlMSI(t, []byte("tiny"))
	if _, _, err := ReadStreams(msi); err != nil {
		t.Fatalf("the untouched MSI: %v", err)
	}
	data, err := os.ReadFile(msi)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Open(data)
	if err != nil {
		t.Fatal(err)
	}
	dirOffs, err := f.chainOffsets(f.header.dirStart, -1)
	if err != nil {
		t.Fatal(err)
	}
	root := f.dir[0]
	if root.size < f.header.miniCutoff {
		t.Fatalf("the root's mini stream container is %d bytes: the case needs a regular chain", root.size)
	}
	streams := 0
	for i, e := range f.dir {
		if e.typ != typeStream {
			continue
		}
		streams++
		for j, v := range []uint32{root.start, root.size} {
			for k := range 4 {
				data[dirOffs[entrySize*i+116+4*j+k]] = byte(v >> (8 * k))
			}
		}
	}
	if int(root.size)*streams <= len(data) {
		t.Fatalf("%d streams of %d bytes do not exceed the file's %d: the case proves nothing", streams, root.size, len(data))
	}
	crafted := msi + ".crafted"
	if err := os.WriteFile(crafted, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadStreams(crafted); err == nil || !strings.Contains(err.Error(), "add up to more than") {
		t.Errorf("ReadStreams of a directory sharing one chain: %v, want refused", err)
	}
}

// ReadClass reads the root storage's class from the header and the root
// entry alone, and refuses what is not a compound file as Open does.
func TestReadClass(t *testing.T) {
	class := [16]byte{0x82, 0x10, 0x0C, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46}
	b, err := Build(class, []Stream{{Name: "s", Data: []byte("x")}})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ReadClass(bytes.NewReader(b)); err != nil || got != class {
		t.Errorf("ReadClass = %X, %v; want %X", got, err, class)
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"short", b[:4], "shorter than"},
		{"text", bytes.Repeat([]byte("not a compound file\n"), 40), "compound file signature"},
		{"directory outside", b[:headerSize], "outside the file"},
	} {
		if _, err := ReadClass(bytes.NewReader(c.data)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadClass of %s: %v, want an error with %q", c.name, err, c.want)
		}
	}
}

// Bytes, which takes offsets from its caller, refuses one outside the file
// rather than index past it.
func TestBytesRefusesOffsetsOutsideTheFile(t *testing.T) {
	b, err := Build([16]byte{}, []Stream{{Name: "s", Data: []byte("x")}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := Open(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []int{-1, len(b), len(b) + readBlock} {
		if _, err := f.Bytes([]int{0, o}); err == nil || !strings.Contains(err.Error(), "beyond the file") {
			t.Errorf("Bytes at %d of a %d-byte file: %v, want refused", o, len(b), err)
		}
	}
}
