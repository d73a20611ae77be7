package cfb

import (
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

// Build returns the bytes of a version 3 compound file whose root storage
// has class id clsid and holds streams. Names must be unique
// (case-insensitively, as compound files compare them) and non-empty. The
// writer keeps to what a transform needs: no sub-storages, no timestamps
// (the output is reproducible), files up to 109 FAT sectors (about 7 MB).
func Build(clsid [16]byte, streams []Stream) ([]byte, error) {
	names := make([]string, len(streams))
	for i, s := range streams {
		names[i] = s.Name
	}
	if err := checkNames(names); err != nil {
		return nil, err
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
		miniFAT = appendChain(miniFAT, sectors(len(s.Data), miniSectorSize))
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
	if fatSectors > headerFAT {
		return nil, fmt.Errorf("compound file of %d sectors: more than this writer supports", fatSectors+other)
	}

	fat := make([]uint32, fatSectors, fatSectors*sectorSize/4)
	for i := range fat {
		fat[i] = fatSect
	}
	chain := func(n int) uint32 { // appends a chain of n sectors, returns its first
		if n == 0 {
			return endOfChain
		}
		first := uint32(len(fat))
		fat = appendChain(fat, n)
		return first
	}
	h := header{major: 3, sectorShift: sectorShift, fatSectors: uint32(fatSectors), miniCutoff: miniCutoff,
		miniFATSectors: uint32(miniFATSectors), difatStart: endOfChain}
	h.dirStart = chain(dirSectors)
	h.miniFATStart = chain(miniFATSectors)
	miniStart := chain(miniSectors)
	var body []byte
	for i, s := range streams {
		if len(s.Data) >= miniCutoff {
			start[i] = chain(sectors(len(s.Data), sectorSize))
			body = append(body, pad(s.Data, sectorSize)...)
		}
	}
	fat = fill(fat, fatSectors*sectorSize/4)
	for i := range h.difat {
		h.difat[i] = freeSect
		if i < fatSectors {
			h.difat[i] = uint32(i) // the FAT sectors come first
		}
	}

	out := h.encode()
	out = append(out, wordBytes(fat)...)
	out = append(out, directory(clsid, streams, start, miniStart, len(mini))...)
	if miniFATSectors > 0 {
		out = append(out, wordBytes(fill(miniFAT, miniFATSectors*sectorSize/4))...)
	}
	out = append(out, pad(mini, sectorSize)...)
	out = append(out, body...)
	if want := (1 + fatSectors + other) * sectorSize; len(out) != want {
		return nil, fmt.Errorf("compound file: wrote %d bytes, laid out %d", len(out), want)
	}
	return out, nil
}

// directory is the root entry then one entry per stream, padded to whole
// sectors. The streams form a balanced binary search tree under the root,
// every node black: readers search the tree but do not check its colours.
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
	root := dirEntry{name: utf16.Encode([]rune("Root Entry")), typ: typeRoot, clsid: clsid,
		left: noStream, right: noStream, child: tree(0, len(order)), start: miniStart, size: uint32(miniSize)}
	dir := root.encode()
	for i, s := range streams {
		e := dirEntry{name: utf16.Encode([]rune(s.Name)), typ: typeStream,
			left: left[i], right: right[i], child: noStream, start: start[i], size: uint32(len(s.Data))}
		if len(s.Data) == 0 {
			e.start = endOfChain
		}
		dir = append(dir, e.encode()...)
	}
	unused := dirEntry{left: noStream, right: noStream, child: noStream}
	for len(dir)%sectorSize != 0 {
		dir = append(dir, unused.encode()...)
	}
	return dir
}

// appendChain appends to the FAT (or mini FAT) fat a chain of n sectors
// that starts at the next free index.
func appendChain(fat []uint32, n int) []uint32 {
	for j := range n {
		next := uint32(len(fat) + 1)
		if j == n-1 {
			next = endOfChain
		}
		fat = append(fat, next)
	}
	return fat
}

// fill pads the table fat with free entries to n.
func fill(fat []uint32, n int) []uint32 {
	for len(fat) < n {
		fat = append(fat, freeSect)
	}
	return fat
}

func sectors(n, size int) int { return (n + size - 1) / size }

func pad(b []byte, size int) []byte {
	if r := len(b) % size; r != 0 {
		return append(slices.Clone(b), make([]byte, size-r)...)
	}
	return b
}
