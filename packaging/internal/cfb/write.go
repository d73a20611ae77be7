// Package cfb writes OLE compound files ([MS-CFB] version 3): a root storage
// with a class id and streams directly under it, the shape of a Windows
// Installer transform. Go has compound-file readers (richardlehane/mscfb,
// and packaging/internal/msidb's own few lines), but no well-kept writer, and
// msitools writes only whole databases; so this package is the writer,
// kept to what a transform needs: no sub-storages, no timestamps (the output
// is reproducible), files up to 109 FAT sectors (about 7 MB).
package cfb

import (
	"encoding/binary"
	"fmt"
	"slices"
	"unicode/utf16"
)

// Stream is one stream under the root storage. Name is the stream's name as
// stored, at most 31 UTF-16 code units (an MSI table's name is encoded into
// that form first, see packaging/internal/transform).
type Stream struct {
	Name string
	Data []byte
}

const (
	sectorSize     = 512
	miniSectorSize = 64
	miniCutoff     = 4096 // streams shorter than this live in the mini stream
	entrySize      = 128
	maxHeaderFAT   = 109 // FAT sectors the header lists; more would need DIFAT sectors

	freeSect   = 0xFFFFFFFF
	endOfChain = 0xFFFFFFFE
	fatSect    = 0xFFFFFFFD
	noStream   = 0xFFFFFFFF

	typeStream = 2
	typeRoot   = 5
	black      = 1
)

// Build returns the bytes of a compound file whose root storage has class id
// clsid and holds streams. Names must be unique (case-insensitively, as
// compound files compare them) and non-empty.
func Build(clsid [16]byte, streams []Stream) ([]byte, error) {
	names := map[string]bool{}
	for _, s := range streams {
		n := len(utf16.Encode([]rune(s.Name)))
		if n == 0 || n > 31 {
			return nil, fmt.Errorf("compound file stream %q: name of %d UTF-16 units, want 1 to 31", s.Name, n)
		}
		key := string(utf16.Decode(upper(utf16.Encode([]rune(s.Name)))))
		if names[key] {
			return nil, fmt.Errorf("compound file stream %q: name used twice", s.Name)
		}
		names[key] = true
	}

	// The mini stream: small streams back to back, each from a mini sector.
	var mini []byte
	var miniFAT []uint32
	start := make([]uint32, len(streams))
	for i, s := range streams {
		if len(s.Data) == 0 || len(s.Data) >= miniCutoff {
			continue
		}
		start[i] = uint32(len(miniFAT))
		n := sectors(len(s.Data), miniSectorSize)
		for j := range n {
			next := uint32(len(miniFAT) + 1)
			if j == n-1 {
				next = endOfChain
			}
			miniFAT = append(miniFAT, next)
		}
		mini = append(mini, pad(s.Data, miniSectorSize)...)
	}

	// Regular sectors, in this order: FAT, directory, mini FAT, mini
	// stream, large streams. The FAT's own size depends on the total.
	dirSectors := sectors((len(streams)+1)*entrySize, sectorSize)
	miniFATSectors := sectors(4*len(miniFAT), sectorSize)
	miniSectors := sectors(len(mini), sectorSize)
	other := dirSectors + miniFATSectors + miniSectors
	for _, s := range streams {
		if len(s.Data) >= miniCutoff {
			other += sectors(len(s.Data), sectorSize)
		}
	}
	fatSectors := 0
	for fatSectors*sectorSize/4 < fatSectors+other {
		fatSectors++
	}
	if fatSectors > maxHeaderFAT {
		return nil, fmt.Errorf("compound file of %d sectors: more than this writer supports", fatSectors+other)
	}

	fat := make([]uint32, 0, fatSectors*sectorSize/4)
	for range fatSectors {
		fat = append(fat, fatSect)
	}
	chain := func(n int) uint32 { // appends a chain of n sectors, returns its first
		if n == 0 {
			return endOfChain
		}
		first := uint32(len(fat))
		for j := range n {
			next := uint32(len(fat) + 1)
			if j == n-1 {
				next = endOfChain
			}
			fat = append(fat, next)
		}
		return first
	}
	dirStart := chain(dirSectors)
	miniFATStart := chain(miniFATSectors)
	miniStart := chain(miniSectors)
	var body []byte
	for i, s := range streams {
		if len(s.Data) >= miniCutoff {
			start[i] = chain(sectors(len(s.Data), sectorSize))
			body = append(body, pad(s.Data, sectorSize)...)
		}
	}
	for len(fat) < fatSectors*sectorSize/4 {
		fat = append(fat, freeSect)
	}

	out := header(fatSectors, dirStart, miniFATStart, miniFATSectors)
	out = append(out, words(fat)...)
	dir := directory(clsid, streams, start, miniStart, len(mini))
	for len(dir)%sectorSize != 0 {
		dir = append(dir, entry("", 0, noStream, noStream, noStream, 0, 0)...)
	}
	out = append(out, dir...)
	if miniFATSectors > 0 {
		for len(miniFAT)%(sectorSize/4) != 0 {
			miniFAT = append(miniFAT, freeSect)
		}
		out = append(out, words(miniFAT)...)
	}
	out = append(out, pad(mini, sectorSize)...)
	out = append(out, body...)
	if want := (1 + fatSectors + other) * sectorSize; len(out) != want {
		return nil, fmt.Errorf("compound file: wrote %d bytes, laid out %d", len(out), want)
	}
	return out, nil
}

func header(fatSectors int, dirStart, miniFATStart uint32, miniFATSectors int) []byte {
	h := make([]byte, sectorSize)
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le := binary.LittleEndian
	le.PutUint16(h[0x18:], 0x003E) // minor version
	le.PutUint16(h[0x1A:], 3)      // major version: 512-byte sectors
	le.PutUint16(h[0x1C:], 0xFFFE) // byte order mark
	le.PutUint16(h[0x1E:], 9)      // sector shift
	le.PutUint16(h[0x20:], 6)      // mini sector shift
	le.PutUint32(h[0x2C:], uint32(fatSectors))
	le.PutUint32(h[0x30:], dirStart)
	le.PutUint32(h[0x38:], miniCutoff)
	le.PutUint32(h[0x3C:], miniFATStart)
	le.PutUint32(h[0x40:], uint32(miniFATSectors))
	le.PutUint32(h[0x44:], endOfChain) // no DIFAT sectors
	for i := range maxHeaderFAT {
		s := uint32(freeSect)
		if i < fatSectors {
			s = uint32(i) // the FAT sectors come first
		}
		le.PutUint32(h[0x4C+4*i:], s)
	}
	return h
}

// directory is the root entry then one entry per stream. The streams form a
// balanced binary search tree under the root, every node black: readers
// search the tree but do not check its colours.
func directory(clsid [16]byte, streams []Stream, start []uint32, miniStart uint32, miniSize int) []byte {
	order := make([]int, len(streams))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return compareNames(streams[a].Name, streams[b].Name) })
	left := make([]uint32, len(streams))
	right := make([]uint32, len(streams))
	var tree func(lo, hi int) uint32 // entry id of the subtree's root over order[lo:hi]
	tree = func(lo, hi int) uint32 {
		if lo >= hi {
			return noStream
		}
		mid := (lo + hi) / 2
		i := order[mid]
		left[i], right[i] = tree(lo, mid), tree(mid+1, hi)
		return uint32(i + 1)
	}
	rootChild := tree(0, len(order))

	dir := entry("Root Entry", typeRoot, noStream, noStream, rootChild, miniStart, miniSize)
	copy(dir[80:96], clsid[:])
	for i, s := range streams {
		st := start[i]
		if len(s.Data) == 0 {
			st = endOfChain
		}
		dir = append(dir, entry(s.Name, typeStream, left[i], right[i], noStream, st, len(s.Data))...)
	}
	return dir
}

func entry(name string, typ byte, left, right, child, start uint32, size int) []byte {
	e := make([]byte, entrySize)
	le := binary.LittleEndian
	u := utf16.Encode([]rune(name))
	for i, c := range u {
		le.PutUint16(e[2*i:], c)
	}
	if typ != 0 { // an unused entry is zeros but for its three links
		le.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66], e[67] = typ, black
	}
	le.PutUint32(e[68:], left)
	le.PutUint32(e[72:], right)
	le.PutUint32(e[76:], child)
	le.PutUint32(e[116:], start)
	le.PutUint64(e[120:], uint64(size))
	return e
}

// compareNames orders names as compound files do: shorter first, then by
// upper-cased UTF-16 code unit.
func compareNames(a, b string) int {
	ua, ub := upper(utf16.Encode([]rune(a))), upper(utf16.Encode([]rune(b)))
	if len(ua) != len(ub) {
		return len(ua) - len(ub)
	}
	return slices.Compare(ua, ub)
}

// upper upper-cases ASCII letters only: the names svcpack writes are ASCII
// or MSI-encoded (code units 0x3800-0x4840, which have no case).
func upper(u []uint16) []uint16 {
	out := slices.Clone(u)
	for i, c := range out {
		if c >= 'a' && c <= 'z' {
			out[i] = c - 'a' + 'A'
		}
	}
	return out
}

func sectors(n, size int) int { return (n + size - 1) / size }

func pad(b []byte, size int) []byte {
	if r := len(b) % size; r != 0 {
		return append(slices.Clone(b), make([]byte, size-r)...)
	}
	return b
}

func words(w []uint32) []byte {
	b := make([]byte, 4*len(w))
	for i, v := range w {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
	return b
}
