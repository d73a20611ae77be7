package transform

import (
	"encoding/binary"
	"slices"
)

// Summary information property ids ([MS-OLEPS] and Windows Installer's use
// of them in a transform).
const (
	pidCodepage   = 1
	pidTitle      = 2
	pidTemplate   = 7  // the target's platform;language
	pidLastAuthor = 8  // the transformed package's platform;language
	pidRevNumber  = 9  // {product code}version;{product code}version;{upgrade code}
	pidPageCount  = 14 // minimum installer version
	pidCharCount  = 16 // validation flags << 16 | error conditions to suppress
	pidAppName    = 18
	pidSecurity   = 19

	vtI2    = 2
	vtI4    = 3
	vtLPSTR = 30

	summaryCodepage          = 1252 // the strings written here are ASCII
	securityReadOnlyEnforced = 4
)

// fmtidSummary is FMTID_SummaryInformation {F29F85E0-4FF9-1068-AB91-08002B27B3D9}.
var fmtidSummary = [16]byte{0xE0, 0x85, 0x9F, 0xF2, 0xF9, 0x4F, 0x68, 0x10, 0xAB, 0x91, 0x08, 0x00, 0x2B, 0x27, 0xB3, 0xD9}

// summaryValue is a VT_I2, VT_I4 or VT_LPSTR property.
type summaryValue struct {
	vt  uint16
	num int32
	str string
}

// summaryStream is a property set stream with one section, the summary
// information: header, section size and count, (id, offset) pairs, values.
func summaryStream(props map[uint32]summaryValue) []byte {
	le := binary.LittleEndian
	ids := make([]uint32, 0, len(props))
	for id := range props {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var values []byte
	offsets := make([]uint32, len(ids))
	tableSize := 8 + 8*len(ids)
	for i, id := range ids {
		v := props[id]
		offsets[i] = uint32(tableSize + len(values))
		values = le.AppendUint32(values, uint32(v.vt))
		switch v.vt {
		case vtI2:
			values = le.AppendUint16(values, uint16(v.num))
			values = append(values, 0, 0)
		case vtI4:
			values = le.AppendUint32(values, uint32(v.num))
		case vtLPSTR:
			values = le.AppendUint32(values, uint32(len(v.str)+1))
			values = append(values, v.str...)
			values = append(values, 0)
			for len(values)%4 != 0 {
				values = append(values, 0)
			}
		}
	}
	var s []byte
	s = le.AppendUint16(s, 0xFFFE) // byte order
	s = le.AppendUint16(s, 0)      // format version
	s = le.AppendUint32(s, 0x00020006)
	s = append(s, make([]byte, 16)...) // class id
	s = le.AppendUint32(s, 1)          // one section
	s = append(s, fmtidSummary[:]...)
	s = le.AppendUint32(s, 48) // the section's offset: right after this header
	s = le.AppendUint32(s, uint32(tableSize+len(values)))
	s = le.AppendUint32(s, uint32(len(ids)))
	for i, id := range ids {
		s = le.AppendUint32(s, id)
		s = le.AppendUint32(s, offsets[i])
	}
	return append(s, values...)
}
