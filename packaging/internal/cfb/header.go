package cfb

import (
	"encoding/binary"
	"fmt"
)

// The format's numbers ([MS-CFB] 2.1-2.6), for the writer and the reader.
const (
	signature      = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
	headerSize     = 512
	sectorShift    = 9 // the writer's sectors: version 3, 512 bytes
	sectorSize     = 1 << sectorShift
	miniShift      = 6 // mini sectors are 64 bytes in every version
	miniSectorSize = 1 << miniShift
	miniCutoff     = 4096 // streams shorter than this live in the mini stream
	entrySize      = 128
	headerFAT      = 109 // FAT sectors the header lists; more are listed by DIFAT sectors
	maxNameUnits   = 31  // a name's UTF-16 code units, without the terminating NUL

	// Sector numbers below difSect name sectors; these mark the rest.
	difSect    = 0xFFFFFFFC
	fatSect    = 0xFFFFFFFD
	endOfChain = 0xFFFFFFFE
	freeSect   = 0xFFFFFFFF
	noStream   = 0xFFFFFFFF // a directory link to no entry
)

// header is the part of a compound file's first 512 bytes that says where
// everything else is.
type header struct {
	major, sectorShift           uint16
	fatSectors, dirStart         uint32
	miniCutoff                   uint32
	miniFATStart, miniFATSectors uint32
	difatStart, difatSectors     uint32
	difat                        [headerFAT]uint32 // the first FAT sectors; freeSect where none
}

func (h *header) encode() []byte {
	b := make([]byte, headerSize)
	copy(b, signature)
	le := binary.LittleEndian
	le.PutUint16(b[0x18:], 0x003E) // minor version
	le.PutUint16(b[0x1A:], h.major)
	le.PutUint16(b[0x1C:], 0xFFFE) // byte order mark
	le.PutUint16(b[0x1E:], h.sectorShift)
	le.PutUint16(b[0x20:], miniShift)
	le.PutUint32(b[0x2C:], h.fatSectors)
	le.PutUint32(b[0x30:], h.dirStart)
	le.PutUint32(b[0x38:], h.miniCutoff)
	le.PutUint32(b[0x3C:], h.miniFATStart)
	le.PutUint32(b[0x40:], h.miniFATSectors)
	le.PutUint32(b[0x44:], h.difatStart)
	le.PutUint32(b[0x48:], h.difatSectors)
	for i, s := range h.difat {
		le.PutUint32(b[0x4C+4*i:], s)
	}
	return b
}

// parseHeader reads the header at the start of b, taking the sector sizes
// only as the format allows them: a hostile file must not choose how much
// is read per sector.
func parseHeader(b []byte) (header, error) {
	if len(b) < headerSize {
		return header{}, fmt.Errorf("shorter than a compound file's %d-byte header", headerSize)
	}
	if string(b[:len(signature)]) != signature {
		return header{}, fmt.Errorf("it does not start with the compound file signature % X", signature)
	}
	h := header{
		major:          le16(b, 0x1A),
		sectorShift:    le16(b, 0x1E),
		fatSectors:     le32(b, 0x2C),
		dirStart:       le32(b, 0x30),
		miniCutoff:     le32(b, 0x38),
		miniFATStart:   le32(b, 0x3C),
		miniFATSectors: le32(b, 0x40),
		difatStart:     le32(b, 0x44),
		difatSectors:   le32(b, 0x48),
	}
	// Version 3 files have 512-byte sectors (shift 9), version 4 files
	// 4096-byte ones (shift 12).
	if !(h.major == 3 && h.sectorShift == 9 || h.major == 4 && h.sectorShift == 12) {
		return header{}, fmt.Errorf("compound file version %d with sector shift %d: the format allows version 3 with 9 or 4 with 12", h.major, h.sectorShift)
	}
	if s := le16(b, 0x20); s != miniShift {
		return header{}, fmt.Errorf("compound file mini sector shift %d: the format allows only %d", s, miniShift)
	}
	for i := range h.difat {
		h.difat[i] = le32(b, 0x4C+4*i)
	}
	return h, nil
}

func le16(b []byte, off int) uint16 { return binary.LittleEndian.Uint16(b[off:]) }
func le32(b []byte, off int) uint32 { return binary.LittleEndian.Uint32(b[off:]) }

// words decodes b as little-endian 32-bit words: a FAT's or a DIFAT's sector.
func words(b []byte) []uint32 {
	w := make([]uint32, len(b)/4)
	for i := range w {
		w[i] = le32(b, 4*i)
	}
	return w
}

// wordBytes is words' inverse.
func wordBytes(w []uint32) []byte {
	b := make([]byte, 4*len(w))
	for i, v := range w {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
	return b
}
