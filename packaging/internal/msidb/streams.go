package msidb

import (
	"fmt"
	"os"
	"unicode/utf16"
)

// Stream is one stream under a compound file's root storage, its name as
// stored (MSI table streams have encoded names).
type Stream struct {
	Name string
	Data []byte
}

// ReadStreams reads the class id of a compound file's root storage and the
// streams directly under it: every stream of an MSI or a transform, which
// have no deeper storages that svcpack reads.
func ReadStreams(path string) (clsid [16]byte, streams []Stream, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return clsid, nil, err
	}
	f, err := openCFB(data)
	if err != nil {
		return clsid, nil, fmt.Errorf("read streams of %s: %w", path, err)
	}
	copy(clsid[:], f.entry(0)[80:96])
	// Streams never share sectors, so together they are no larger than the
	// file; a crafted directory whose entries all name one long chain
	// would otherwise make this read the file once per entry.
	total := 0
	for i := 1; i < len(f.dir)/128; i++ {
		e := f.entry(i)
		if e[66] != 2 {
			continue
		}
		n := max(int(le16(e, 64))/2-1, 0)
		u := make([]uint16, min(n, 31))
		for j := range u {
			u[j] = le16(e, 2*j)
		}
		name := string(utf16.Decode(u))
		offs, err := f.streamOffsets(name)
		if err != nil {
			return clsid, nil, fmt.Errorf("read stream %q of %s: %w", name, path, err)
		}
		if total += len(offs); total > len(data) {
			return clsid, nil, fmt.Errorf("read streams of %s: its streams add up to more than its %d bytes (a broken or crafted directory)", path, len(data))
		}
		b, err := f.bytes(offs)
		if err != nil {
			return clsid, nil, fmt.Errorf("read stream %q of %s: %w", name, path, err)
		}
		streams = append(streams, Stream{Name: name, Data: b})
	}
	return clsid, streams, nil
}
