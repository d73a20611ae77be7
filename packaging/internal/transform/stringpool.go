package transform

import (
	"encoding/binary"
	"fmt"
)

// stringPool is a transform's string table. Ids start at 1 (id 0 is the
// null string); every string is stored once, with how many references the
// transform's rows make to it.
type stringPool struct {
	codepage int
	ids      map[string]uint16
	strings  []string
	refs     []uint16
}

func newStringPool(codepage int) *stringPool {
	return &stringPool{codepage: codepage, ids: map[string]uint16{}}
}

// ref returns the id of s, adding it, and counts one more reference.
func (p *stringPool) ref(s string) (uint16, error) {
	id, ok := p.ids[s]
	if !ok {
		if len(p.strings) >= 0xFFFF {
			return 0, fmt.Errorf("string pool: more than %d strings", 0xFFFF)
		}
		if len(s) > 0xFFFF {
			return 0, fmt.Errorf("string pool: a string of %d bytes, more than %d", len(s), 0xFFFF)
		}
		p.strings = append(p.strings, s)
		p.refs = append(p.refs, 0)
		id = uint16(len(p.strings))
		p.ids[s] = id
	}
	p.refs[id-1]++
	return id, nil
}

// maxCodepage is the largest codepage the pool's header holds: Build refuses
// a larger one, and any negative one, which would set the header's
// long-reference flag (bit 31) and make a malformed transform.
const maxCodepage = 0xFFFF

// streams returns _StringPool and _StringData. The pool's first word is the
// codepage; its high bit clear means references are two bytes wide.
func (p *stringPool) streams() (pool, data []byte) {
	pool = binary.LittleEndian.AppendUint32(nil, uint32(p.codepage))
	for i, s := range p.strings {
		pool = binary.LittleEndian.AppendUint16(pool, uint16(len(s)))
		pool = binary.LittleEndian.AppendUint16(pool, p.refs[i])
		data = append(data, s...)
	}
	return pool, data
}
