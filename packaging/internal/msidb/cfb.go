package msidb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"time"
	"unicode/utf16"
)

// SetSummaryTimes overwrites the Create Time/Date and Last Save Time/Date of
// the MSI's summary information with t. wixl stamps the wall clock there and
// msibuild has no option to change it, so reproducible builds patch the two
// FILETIMEs in place: the MSI is an OLE compound file (CFB) and the values
// have a fixed size, so nothing else in the file moves.
//
// t must be a time a FILETIME holds, 1601-01-01 or later: an earlier one
// would wrap around (goreleaser's 0001-01-01 was stored as the year 58456).
func SetSummaryTimes(path string, t time.Time) error {
	if t.Before(filetimeEpoch) || t.After(fromFiletime(math.MaxUint64)) {
		return fmt.Errorf("set summary times of %s: %s is outside what a FILETIME holds (1601 to 60056)", path, t.UTC().Format(time.RFC3339))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := setSummaryTimes(data, t); err != nil {
		return fmt.Errorf("set summary times of %s: %w", path, err)
	}
	return os.WriteFile(path, data, 0o644)
}

const (
	pidCreateTime   = 12
	pidLastSaveTime = 13
	vtFiletime      = 64
	endOfChain      = 0xFFFFFFFE
	summaryName     = "\x05SummaryInformation"
)

func setSummaryTimes(data []byte, t time.Time) error {
	stream, offsets, err := summaryStream(data)
	if err != nil {
		return err
	}
	if err := stampTimes(stream, t); err != nil {
		return err
	}
	for i, o := range offsets {
		data[o] = stream[i]
	}
	return nil
}

// stampTimes sets the create and save times in the summary stream s.
func stampTimes(s []byte, t time.Time) error {
	ft := filetime(t)
	for _, pid := range []uint32{pidCreateTime, pidLastSaveTime} {
		at, err := propertyOffset(s, pid)
		if err != nil {
			return err
		}
		binary.LittleEndian.PutUint64(s[at:], ft)
	}
	return nil
}

// summaryStream returns the summary information stream of the compound
// file data and the file offset of each of its bytes, where it is patched.
func summaryStream(data []byte) (stream []byte, offsets []int, err error) {
	f, err := openCFB(data)
	if err != nil {
		return nil, nil, err
	}
	return f.summaryStream()
}

func (f *cfb) summaryStream() (stream []byte, offsets []int, err error) {
	if offsets, err = f.streamOffsets(summaryName); err != nil {
		return nil, nil, err
	}
	stream, err = f.bytes(offsets)
	return stream, offsets, err
}

var filetimeEpoch = time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC)

// filetime is t in 100 ns intervals since 1601-01-01 UTC.
func filetime(t time.Time) uint64 {
	const unixToFiletime = 11644473600
	return uint64(t.Unix()+unixToFiletime)*10_000_000 + uint64(t.Nanosecond()/100)
}

// propertyOffset returns where, in a property set stream, the 8-byte value of
// the VT_FILETIME property pid starts ([MS-OLEPS] 2.20, 2.21).
func propertyOffset(s []byte, pid uint32) (int, error) {
	if len(s) < 48 {
		return 0, errors.New("summary information stream too short")
	}
	section := int(le32(s, 44))
	if section+8 > len(s) {
		return 0, errors.New("summary information section out of range")
	}
	count := int(le32(s, section+4))
	for i := range count {
		entry := section + 8 + 8*i
		if entry+8 > len(s) {
			break
		}
		if le32(s, entry) != pid {
			continue
		}
		at := section + int(le32(s, entry+4))
		if at+12 > len(s) || le32(s, at) != vtFiletime {
			return 0, fmt.Errorf("summary property %d is not a FILETIME", pid)
		}
		return at + 4, nil
	}
	return 0, fmt.Errorf("summary information has no property %d", pid)
}

// cfb is just enough of [MS-CFB] to map a stream's bytes to file offsets.
// The file may be hostile (a site's MSI is input): the header's sector
// sizes are taken only as the format allows them, every sector named must
// lie in the file, and every chain is walked at most once per sector, so a
// crafted file gets an error, never a panic, a loop or an allocation larger
// than a few times its own size.
type cfb struct {
	data []byte // the whole file; nil when it is read from src
	// src, when data is nil, is the file, read in blocks of readBlock bytes
	// as its sectors are used, so that reading a few tables of an MSI whose
	// cabinet is megabytes reads kilobytes.
	src         io.ReaderAt
	blocks      map[int][]byte
	size        int    // the file's length
	header      []byte // its first 512 bytes
	sectorSize  int
	sectors     int // whole sectors in the file after the header
	miniSize    int
	miniCutoff  uint32
	fat         []uint32
	miniFAT     []uint32
	dir         []byte
	rootOffsets []int // file offset of every byte of the mini stream
}

func openCFB(data []byte) (*cfb, error) { return newCFB(data, len(data), nil) }

// openCFBFile is openCFB on the file r of size bytes, reading its sectors
// only as they are used.
func openCFBFile(r io.ReaderAt, size int64) (*cfb, error) {
	if size > math.MaxInt32 {
		return nil, fmt.Errorf("a file of %d bytes: more than this reader takes (2 GB)", size)
	}
	header := make([]byte, min(size, 512))
	if n, err := r.ReadAt(header, 0); n < len(header) {
		return nil, err
	}
	return newCFB(header, int(size), r)
}

// readCFB calls read with the compound file at path, opened to be read
// sector by sector.
func readCFB(path string, read func(*cfb) error) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	fi, err := file.Stat()
	if err != nil {
		return err
	}
	f, err := openCFBFile(file, fi.Size())
	if err != nil {
		return err
	}
	return read(f)
}

// newCFB reads the compound file of size bytes whose first bytes are data:
// all of it, or its header when src is the file.
func newCFB(data []byte, size int, src io.ReaderAt) (*cfb, error) {
	if size < 512 || len(data) < 512 || le32(data, 0) != 0xE011CFD0 || le32(data, 4) != 0xE11AB1A1 {
		return nil, errors.New("not a compound file")
	}
	// [MS-CFB] 2.2: version 3 files have 512-byte sectors (shift 9),
	// version 4 files 4096-byte ones (shift 12); mini sectors are 64 bytes.
	major, shift, miniShift := le16(data, 0x1A), le16(data, 0x1E), le16(data, 0x20)
	if !(major == 3 && shift == 9 || major == 4 && shift == 12) {
		return nil, fmt.Errorf("compound file version %d with sector shift %d: the format allows version 3 with 9 or 4 with 12", major, shift)
	}
	if miniShift != 6 {
		return nil, fmt.Errorf("compound file mini sector shift %d: the format allows only 6", miniShift)
	}
	f := &cfb{
		data:       data,
		size:       size,
		header:     data[:512],
		sectorSize: 1 << shift,
		miniSize:   1 << miniShift,
		miniCutoff: le32(data, 0x38),
	}
	if src != nil {
		f.data, f.src, f.blocks = nil, src, map[int][]byte{}
	}
	f.sectors = max(size/f.sectorSize-1, 0)
	if err := f.readFAT(); err != nil {
		return nil, err
	}
	dir, err := f.chain(le32(f.header, 0x30))
	if err != nil {
		return nil, err
	}
	if len(dir) < 128 {
		return nil, errors.New("compound file directory has no root entry")
	}
	f.dir = dir
	if first := le32(f.header, 0x3C); first != endOfChain {
		mf, err := f.chain(first)
		if err != nil {
			return nil, err
		}
		f.miniFAT = words(mf)
	}
	root := f.entry(0)
	f.rootOffsets, err = f.chainOffsets(le32(root, 116), int(le32(root, 120)))
	return f, err
}

// readFAT collects the FAT sectors listed in the header's DIFAT and in the
// DIFAT sector chain that continues it for large files.
func (f *cfb) readFAT() error {
	var sectors []uint32
	for i := range 109 {
		if s := le32(f.header, 0x4C+4*i); s < endOfChain-2 {
			sectors = append(sectors, s)
		}
	}
	next := le32(f.header, 0x44)
	visited := make([]bool, f.sectors)
	for n := le32(f.header, 0x48); n > 0 && next < endOfChain-2; n-- {
		if int64(next) < int64(f.sectors) && visited[next] {
			return fmt.Errorf("DIFAT chain loops at sector %d", next)
		}
		sec, err := f.sector(next)
		if err != nil {
			return err
		}
		w := words(sec)
		for _, s := range w[:len(w)-1] {
			if s < endOfChain-2 {
				sectors = append(sectors, s)
			}
		}
		visited[next] = true
		next = w[len(w)-1]
		if len(sectors) > f.sectors {
			break
		}
	}
	if len(sectors) > f.sectors {
		return fmt.Errorf("the DIFAT lists %d or more FAT sectors; the file has %d sectors", len(sectors), f.sectors)
	}
	for _, s := range sectors {
		sec, err := f.sector(s)
		if err != nil {
			return err
		}
		f.fat = append(f.fat, words(sec)...)
	}
	return nil
}

func (f *cfb) sector(n uint32) ([]byte, error) {
	if int64(n) >= int64(f.sectors) {
		return nil, fmt.Errorf("sector %d beyond end of file (%d sectors)", n, f.sectors)
	}
	start := (int(n) + 1) * f.sectorSize
	if f.data == nil {
		block, err := f.block(start / readBlock)
		if err != nil {
			return nil, err
		}
		at := start % readBlock // a block holds whole sectors
		return block[at : at+f.sectorSize], nil
	}
	return f.data[start : start+f.sectorSize], nil
}

// readBlock is how much is read from src at once: the FAT's sectors, the
// directory's and a stream's mostly lie side by side, so a block holds the
// next ones asked for, and a read costs a system call. A multiple of both
// sector sizes, so that no sector spans two blocks.
const readBlock = 16 << 10

// block returns block i of src (readBlock bytes, fewer at the file's end).
func (f *cfb) block(i int) ([]byte, error) {
	if b, ok := f.blocks[i]; ok {
		return b, nil
	}
	n := min(readBlock, f.size-i*readBlock)
	if i < 0 || n <= 0 {
		return nil, fmt.Errorf("offset %d beyond the file's %d bytes", i*readBlock, f.size)
	}
	b := make([]byte, n)
	if got, err := f.src.ReadAt(b, int64(i*readBlock)); got < n {
		return nil, fmt.Errorf("read %d bytes at %d: %w", n, i*readBlock, err)
	}
	f.blocks[i] = b
	return b, nil
}

// bytes returns the bytes at the file offsets offs (a stream's, from
// chainOffsets or miniOffsets: each in a whole sector of the file).
func (f *cfb) bytes(offs []int) ([]byte, error) {
	out := make([]byte, len(offs))
	if f.data != nil {
		for i, o := range offs {
			out[i] = f.data[o]
		}
		return out, nil
	}
	var block []byte
	last := -1
	for i, o := range offs {
		if n := o / readBlock; n != last {
			var err error
			if block, err = f.block(n); err != nil {
				return nil, err
			}
			last = n
		}
		out[i] = block[o%readBlock]
	}
	return out, nil
}

func (f *cfb) chain(first uint32) ([]byte, error) {
	offs, err := f.chainOffsets(first, -1)
	if err != nil {
		return nil, err
	}
	return f.bytes(offs)
}

// chainOffsets maps size bytes (all of the chain if size < 0) of the regular
// sector chain from first to file offsets.
func (f *cfb) chainOffsets(first uint32, size int) ([]int, error) {
	if size > f.size {
		return nil, fmt.Errorf("a stream of %d bytes in a file of %d", size, f.size)
	}
	var offs []int
	visited := make([]bool, f.sectors)
	for s := first; s != endOfChain && (size < 0 || len(offs) < size); {
		if int64(s) >= int64(len(f.fat)) || int64(s) >= int64(f.sectors) {
			return nil, fmt.Errorf("broken sector chain at %d: beyond the FAT or the file", s)
		}
		if visited[s] {
			return nil, fmt.Errorf("sector chain loops at %d", s)
		}
		visited[s] = true
		start := (int(s) + 1) * f.sectorSize
		for i := 0; i < f.sectorSize && (size < 0 || len(offs) < size); i++ {
			offs = append(offs, start+i)
		}
		s = f.fat[s]
	}
	if size >= 0 && len(offs) < size {
		return nil, errors.New("sector chain shorter than its stream")
	}
	return offs, nil
}

func (f *cfb) entry(i int) []byte { return f.dir[128*i : 128*i+128] }

// streamOffsets maps every byte of the named stream (a child of the root
// storage, as the summary information is) to its file offset.
func (f *cfb) streamOffsets(name string) ([]int, error) {
	want := utf16.Encode([]rune(name))
	for i := 0; i < len(f.dir)/128; i++ {
		e := f.entry(i)
		n := int(le16(e, 64))/2 - 1 // name length in bytes, with the terminating NUL
		if e[66] != 2 || n != len(want) {
			continue
		}
		match := true
		for j, r := range want {
			if le16(e, 2*j) != r {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		start, size := le32(e, 116), le32(e, 120)
		if size >= f.miniCutoff {
			return f.chainOffsets(start, int(size))
		}
		return f.miniOffsets(start, int(size))
	}
	return nil, fmt.Errorf("no stream %q", name)
}

func (f *cfb) miniOffsets(first uint32, size int) ([]int, error) {
	if size > len(f.rootOffsets) {
		return nil, fmt.Errorf("a mini stream of %d bytes in a mini stream container of %d", size, len(f.rootOffsets))
	}
	var offs []int
	visited := make([]bool, len(f.miniFAT))
	for s := first; s != endOfChain && len(offs) < size; {
		if int64(s) >= int64(len(f.miniFAT)) {
			return nil, fmt.Errorf("broken mini sector chain at %d", s)
		}
		if visited[s] {
			return nil, fmt.Errorf("mini sector chain loops at %d", s)
		}
		visited[s] = true
		start := int(s) * f.miniSize
		for i := 0; i < f.miniSize && len(offs) < size; i++ {
			if start+i >= len(f.rootOffsets) {
				return nil, errors.New("mini sector beyond the mini stream")
			}
			offs = append(offs, f.rootOffsets[start+i])
		}
		s = f.miniFAT[s]
	}
	if len(offs) < size {
		return nil, errors.New("mini sector chain shorter than its stream")
	}
	return offs, nil
}

func le16(b []byte, off int) uint16 { return binary.LittleEndian.Uint16(b[off:]) }
func le32(b []byte, off int) uint32 { return binary.LittleEndian.Uint32(b[off:]) }

func words(b []byte) []uint32 {
	w := make([]uint32, len(b)/4)
	for i := range w {
		w[i] = le32(b, 4*i)
	}
	return w
}
