package msidb

import (
	"encoding/binary"
	"os"
	"strings"
	"testing"
	"time"
)

// A hostile compound file gets an error from the reader: never a panic, an
// endless loop or an allocation beyond the file's size. Each case corrupts
// one field of a real MSI (wixl's, a version 3 file with 512-byte sectors).
func TestCompoundFileReaderRefusesCraftedFiles(t *testing.T) {
	good, err := os.ReadFile(tinyMSI(t))
	if err != nil {
		t.Fatal(err)
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
			data := c.corrupt(append([]byte(nil), good...))
			err := setSummaryTimes(data, time.Unix(0, 0))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("setSummaryTimes: %v, want an error with %q", err, c.want)
			}
		})
	}
}

// Version 4 files (4096-byte sectors) remain accepted: the header check
// refuses a 4096-byte sector only in a version 3 file.
func TestCompoundFileVersion4HeaderAccepted(t *testing.T) {
	data := make([]byte, 3*4096)
	copy(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	binary.LittleEndian.PutUint16(data[0x1A:], 4)
	binary.LittleEndian.PutUint16(data[0x1E:], 12)
	binary.LittleEndian.PutUint16(data[0x20:], 6)
	_, err := openCFB(data)
	if err != nil && strings.Contains(err.Error(), "shift") {
		t.Errorf("a version 4 header with sector shift 12 refused: %v", err)
	}
}

// Directory entries that all name the same long chain are refused once the
// streams they read add up to more than the file: ReadStreams would
// otherwise read the file again for each entry.
func TestReadStreamsRefusesSharedChains(t *testing.T) {
	msi := tinyMSI(t)
	if _, _, err := ReadStreams(msi); err != nil {
		t.Fatalf("the untouched MSI: %v", err)
	}
	data, err := os.ReadFile(msi)
	if err != nil {
		t.Fatal(err)
	}
	f, err := openCFB(data)
	if err != nil {
		t.Fatal(err)
	}
	dirOffs, err := f.chainOffsets(le32(data, 0x30), -1)
	if err != nil {
		t.Fatal(err)
	}
	root := f.entry(0)
	start, size := le32(root, 116), le32(root, 120)
	if size < f.miniCutoff {
		t.Fatalf("the root's mini stream container is %d bytes: the case needs a regular chain", size)
	}
	streams := 0
	for i := 1; i < len(f.dir)/128; i++ {
		if f.entry(i)[66] != 2 {
			continue
		}
		streams++
		for j, v := range []uint32{start, size} {
			for k := range 4 {
				data[dirOffs[128*i+116+4*j+k]] = byte(v >> (8 * k))
			}
		}
	}
	if int(size)*streams <= len(data) {
		t.Fatalf("%d streams of %d bytes do not exceed the file's %d: the case proves nothing", streams, size, len(data))
	}
	crafted := msi + ".crafted"
	if err := os.WriteFile(crafted, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadStreams(crafted); err == nil || !strings.Contains(err.Error(), "add up to more than") {
		t.Errorf("ReadStreams of a directory sharing one chain: %v, want refused", err)
	}
}
