package cfb

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
)

// File is an open compound file, read as far as mapping a stream's bytes to
// file offsets (which is also what lets a caller patch a stream in place).
// The file may be hostile (a site's MSI is input): the header's sector
// sizes are taken only as the format allows them, every sector named must
// lie in the file, and every chain is walked at most once per sector, so a
// crafted file gets an error, never a panic, a loop or an allocation larger
// than a few times its own size.
type File struct {
	// src is the file, read in blocks of readBlock bytes as its sectors are
	// used, so that reading a few tables of an MSI whose cabinet is
	// megabytes reads kilobytes. When the file is in memory, data, src is
	// nil and a block is a slice of data.
	src         io.ReaderAt
	data        []byte
	blocks      map[int][]byte
	size        int // the file's length
	header      header
	sectorSize  int
	sectors     int // whole sectors in the file after the header
	fat         []uint32
	miniFAT     []uint32
	dir         []dirEntry
	rootOffsets []int // file offset of every byte of the mini stream
}

// Open reads the compound file data, held in memory.
func Open(data []byte) (*File, error) { return open(data, len(data), nil) }

// OpenReaderAt reads the compound file r of size bytes, reading its sectors
// only as they are used.
func OpenReaderAt(r io.ReaderAt, size int64) (*File, error) {
	if size > math.MaxInt32 {
		return nil, fmt.Errorf("a file of %d bytes: more than this reader takes (2 GB)", size)
	}
	first := make([]byte, min(size, headerSize))
	if n, err := r.ReadAt(first, 0); n < len(first) {
		return nil, err
	}
	return open(first, int(size), r)
}

// OpenFile is OpenReaderAt on an open file, as long as it is now.
func OpenFile(file *os.File) (*File, error) {
	fi, err := file.Stat()
	if err != nil {
		return nil, err
	}
	return OpenReaderAt(file, fi.Size())
}

// ReadFile calls read with the compound file at path, opened to be read
// sector by sector.
func ReadFile(path string, read func(*File) error) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	f, err := OpenFile(file)
	if err != nil {
		return err
	}
	return read(f)
}

// open reads the compound file of size bytes whose first bytes are first:
// all of it, or its header when src is the file.
func open(first []byte, size int, src io.ReaderAt) (*File, error) {
	h, err := parseHeader(first)
	if err != nil {
		return nil, err
	}
	f := &File{src: src, size: size, header: h, sectorSize: 1 << h.sectorShift}
	if src == nil {
		f.data = first
	} else {
		f.blocks = map[int][]byte{}
	}
	f.sectors = max(size/f.sectorSize-1, 0)
	if err := f.readFAT(); err != nil {
		return nil, err
	}
	dir, err := f.chain(h.dirStart)
	if err != nil {
		return nil, err
	}
	if len(dir) < entrySize {
		return nil, errors.New("compound file directory has no root entry")
	}
	for i := 0; i+entrySize <= len(dir); i += entrySize {
		f.dir = append(f.dir, parseEntry(dir[i:i+entrySize]))
	}
	if h.miniFATStart != endOfChain {
		mf, err := f.chain(h.miniFATStart)
		if err != nil {
			return nil, err
		}
		f.miniFAT = words(mf)
	}
	root := f.dir[0]
	f.rootOffsets, err = f.chainOffsets(root.start, int(root.size))
	return f, err
}

// readFAT collects the FAT sectors listed in the header's DIFAT and in the
// DIFAT sector chain that continues it for large files.
func (f *File) readFAT() error {
	var sectors []uint32
	for _, s := range f.header.difat {
		if s < difSect {
			sectors = append(sectors, s)
		}
	}
	next := f.header.difatStart
	visited := make([]bool, f.sectors)
	for n := f.header.difatSectors; n > 0 && next < difSect; n-- {
		if int64(next) < int64(f.sectors) && visited[next] {
			return fmt.Errorf("DIFAT chain loops at sector %d", next)
		}
		sec, err := f.sector(next)
		if err != nil {
			return err
		}
		w := words(sec)
		for _, s := range w[:len(w)-1] {
			if s < difSect {
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

// sector returns the bytes of sector n.
func (f *File) sector(n uint32) ([]byte, error) {
	if int64(n) >= int64(f.sectors) {
		return nil, fmt.Errorf("sector %d beyond end of file (%d sectors)", n, f.sectors)
	}
	start := (int(n) + 1) * f.sectorSize
	block, err := f.block(start / readBlock)
	if err != nil {
		return nil, err
	}
	at := start % readBlock // a block holds whole sectors
	return block[at : at+f.sectorSize], nil
}

// readBlock is how much is read from src at once: the FAT's sectors, the
// directory's and a stream's mostly lie side by side, so a block holds the
// next ones asked for, and a read costs a system call. A multiple of both
// sector sizes, so that no sector spans two blocks.
const readBlock = 16 << 10

// block returns block i of the file (readBlock bytes, fewer at its end).
func (f *File) block(i int) ([]byte, error) {
	n := min(readBlock, f.size-i*readBlock)
	if i < 0 || n <= 0 {
		return nil, fmt.Errorf("offset %d beyond the file's %d bytes", i*readBlock, f.size)
	}
	if f.src == nil {
		return f.data[i*readBlock : i*readBlock+n], nil
	}
	if b, ok := f.blocks[i]; ok {
		return b, nil
	}
	b := make([]byte, n)
	if got, err := f.src.ReadAt(b, int64(i*readBlock)); got < n {
		return nil, fmt.Errorf("read %d bytes at %d: %w", n, i*readBlock, err)
	}
	f.blocks[i] = b
	return b, nil
}

// Bytes returns the bytes at the file offsets offs (a stream's, from
// StreamOffsets or Offsets).
func (f *File) Bytes(offs []int) ([]byte, error) {
	out := make([]byte, len(offs))
	var block []byte
	last := -1
	for i, o := range offs {
		if o < 0 || o >= f.size {
			return nil, fmt.Errorf("offset %d beyond the file's %d bytes", o, f.size)
		}
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

// chain returns the bytes of the whole regular sector chain from first.
func (f *File) chain(first uint32) ([]byte, error) {
	offs, err := f.chainOffsets(first, -1)
	if err != nil {
		return nil, err
	}
	return f.Bytes(offs)
}

// chainOffsets maps size bytes (all of the chain if size < 0) of the regular
// sector chain from first to file offsets.
func (f *File) chainOffsets(first uint32, size int) ([]int, error) {
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

// miniOffsets maps size bytes of the mini sector chain from first to file
// offsets, through the root entry's mini stream.
func (f *File) miniOffsets(first uint32, size int) ([]int, error) {
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
		start := int(s) * miniSectorSize
		for i := 0; i < miniSectorSize && len(offs) < size; i++ {
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
