package cfb

import (
	"fmt"
	"io"
	"slices"
	"unicode/utf16"
)

// Class is the class id of the root storage: what kind of document the
// file is (an MSI, a transform, a patch).
func (f *File) Class() [16]byte { return f.dir[0].clsid }

// Size is the file's length in bytes.
func (f *File) Size() int { return f.size }

// Entry is a stream's directory entry.
type Entry struct {
	Name string // as stored (MSI table streams have encoded names)
	e    dirEntry
}

// Streams lists the directory's stream entries, in the directory's order:
// under the root storage in every file svcpack reads (MSIs and transforms
// have no deeper storages it reads).
func (f *File) Streams() []Entry {
	var out []Entry
	for _, e := range f.dir[1:] {
		if e.typ == typeStream {
			out = append(out, Entry{Name: string(utf16.Decode(e.name)), e: e})
		}
	}
	return out
}

// Offsets maps every byte of the entry's stream to its file offset.
func (f *File) Offsets(e Entry) ([]int, error) {
	if e.e.size >= f.header.miniCutoff {
		return f.chainOffsets(e.e.start, int(e.e.size))
	}
	return f.miniOffsets(e.e.start, int(e.e.size))
}

// StreamOffsets maps every byte of the stream named name to its file
// offset (for Bytes, or to write the stream back in place).
func (f *File) StreamOffsets(name string) ([]int, error) {
	want := utf16.Encode([]rune(name))
	for _, e := range f.Streams() {
		if slices.Equal(e.e.name, want) {
			return f.Offsets(e)
		}
	}
	return nil, fmt.Errorf("no stream %q", name)
}

// ReadStreams reads the streams whose entries keep accepts (every one if
// keep is nil). Streams never share sectors, so together they are no larger
// than the file: a crafted directory whose entries all name one long chain
// is refused rather than read once per entry.
func (f *File) ReadStreams(keep func(Entry) bool) ([]Stream, error) {
	var streams []Stream
	total := 0
	for _, e := range f.Streams() {
		if keep != nil && !keep(e) {
			continue
		}
		offs, err := f.Offsets(e)
		if err != nil {
			return nil, fmt.Errorf("stream %q: %w", e.Name, err)
		}
		if total += len(offs); total > f.size {
			return nil, fmt.Errorf("streams add up to more than the file's %d bytes (a broken or crafted directory)", f.size)
		}
		b, err := f.Bytes(offs)
		if err != nil {
			return nil, fmt.Errorf("stream %q: %w", e.Name, err)
		}
		streams = append(streams, Stream{Name: e.Name, Data: b})
	}
	return streams, nil
}

// ReadStreams reads the class id of the compound file at path and every
// stream of its directory.
func ReadStreams(path string) (clsid [16]byte, streams []Stream, err error) {
	err = ReadFile(path, func(f *File) error {
		clsid = f.Class()
		streams, err = f.ReadStreams(nil)
		return err
	})
	if err != nil {
		return clsid, nil, fmt.Errorf("read streams of %s: %w", path, err)
	}
	return clsid, streams, nil
}

// ReadClass reads the root storage's class id of the compound file r from
// the header and the root entry alone, which makes it a quick check of what
// a file is.
func ReadClass(r io.ReaderAt) ([16]byte, error) {
	var class [16]byte
	first := make([]byte, headerSize)
	n, _ := r.ReadAt(first, 0)
	h, err := parseHeader(first[:n])
	if err != nil {
		return class, err
	}
	// The directory's first sector holds the root entry.
	if _, err := r.ReadAt(class[:], (int64(h.dirStart)+1)<<h.sectorShift+80); err != nil {
		return class, fmt.Errorf("its directory (sector %d) is outside the file", h.dirStart)
	}
	return class, nil
}

// WriteAt writes the bytes of b to the file offsets offs (a stream's, from
// StreamOffsets), a run of adjacent ones (a sector's at most) in one write.
func WriteAt(w io.WriterAt, b []byte, offs []int) error {
	for i := 0; i < len(offs); {
		j := i + 1
		for j < len(offs) && offs[j] == offs[j-1]+1 {
			j++
		}
		if _, err := w.WriteAt(b[i:j], int64(offs[i])); err != nil {
			return err
		}
		i = j
	}
	return nil
}
