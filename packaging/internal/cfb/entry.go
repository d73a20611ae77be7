package cfb

import (
	"encoding/binary"
	"fmt"
	"slices"
	"unicode/utf16"
)

// Directory entry types and the one colour the writer uses.
const (
	typeUnused = 0
	typeStream = 2
	typeRoot   = 5
	black      = 1
)

// dirEntry is one 128-byte directory entry ([MS-CFB] 2.6).
type dirEntry struct {
	name               []uint16 // at most maxNameUnits
	typ                byte
	left, right, child uint32 // entry ids, noStream for none
	clsid              [16]byte
	start              uint32 // the first sector (mini sector when size < the cutoff)
	size               uint32
}

func (e *dirEntry) encode() []byte {
	b := make([]byte, entrySize)
	le := binary.LittleEndian
	for i, c := range e.name {
		le.PutUint16(b[2*i:], c)
	}
	if e.typ != typeUnused { // an unused entry is zeros but for its three links
		le.PutUint16(b[64:], uint16(2*len(e.name)+2))
		b[66], b[67] = e.typ, black
	}
	le.PutUint32(b[68:], e.left)
	le.PutUint32(b[72:], e.right)
	le.PutUint32(b[76:], e.child)
	copy(b[80:96], e.clsid[:])
	le.PutUint32(b[116:], e.start)
	le.PutUint64(b[120:], uint64(e.size))
	return b
}

// parseEntry reads the entry b. Its name is cut to what the format allows,
// whatever length the entry claims. Of the size only the low 32 bits are
// read: version 3 files may hold anything in the high ones, and this reader
// takes files under 2 GB.
func parseEntry(b []byte) dirEntry {
	n := min(max(int(le16(b, 64))/2-1, 0), maxNameUnits)
	e := dirEntry{
		name:  make([]uint16, n),
		typ:   b[66],
		left:  le32(b, 68),
		right: le32(b, 72),
		child: le32(b, 76),
		start: le32(b, 116),
		size:  le32(b, 120),
	}
	for i := range e.name {
		e.name[i] = le16(b, 2*i)
	}
	copy(e.clsid[:], b[80:96])
	return e
}

// checkNames refuses stream names a compound file cannot hold: empty,
// longer than 31 UTF-16 code units, or equal to another when compared as
// the format compares them.
func checkNames(names []string) error {
	seen := map[string]bool{}
	for _, name := range names {
		u := utf16.Encode([]rune(name))
		if len(u) == 0 || len(u) > maxNameUnits {
			return fmt.Errorf("compound file stream %q: name of %d UTF-16 units, want 1 to %d", name, len(u), maxNameUnits)
		}
		key := string(utf16.Decode(upper(u)))
		if seen[key] {
			return fmt.Errorf("compound file stream %q: name used twice", name)
		}
		seen[key] = true
	}
	return nil
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
