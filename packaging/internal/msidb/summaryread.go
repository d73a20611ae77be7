package msidb

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/svcpack/svcpack/packaging/internal/cfb"
)

// Summary information property ids ([MS-OLEPS], Windows Installer's use).
const (
	pidSubject   = 3
	pidAuthor    = 4
	pidTemplate  = 7
	pidRevNumber = 9
	pidPageCount = 14

	vtI4    = 3
	vtLPSTR = 30

	summaryName = "\x05SummaryInformation"
)

// readSummaryFile reads the summary information from the file, in process:
// what `msiinfo suminfo` prints of it, without the process.
func readSummaryFile(path string) (Summary, error) {
	var s Summary
	err := cfb.ReadFile(path, func(f *cfb.File) (err error) {
		s, err = summaryOf(f)
		return err
	})
	if err != nil {
		return Summary{}, fmt.Errorf("read summary information of %s: %w", path, err)
	}
	return s, nil
}

// decodeSummary is readSummaryFile on the bytes of a file.
func decodeSummary(data []byte) (Summary, error) {
	f, err := cfb.Open(data)
	if err != nil {
		return Summary{}, err
	}
	return summaryOf(f)
}

// summaryStream returns the summary information stream of the compound
// file f and the file offset of each of its bytes, where it is patched.
func summaryStream(f *cfb.File) (stream []byte, offsets []int, err error) {
	if offsets, err = f.StreamOffsets(summaryName); err != nil {
		return nil, nil, err
	}
	stream, err = f.Bytes(offsets)
	return stream, offsets, err
}

// patchSummaryFile changes the summary information stream of the MSI at
// path in place with stamp, which keeps the stream's length: nothing else
// in the file moves.
func patchSummaryFile(path string, stamp func(stream []byte) error) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	f, err := cfb.Open(data)
	if err != nil {
		return err
	}
	stream, offsets, err := summaryStream(f)
	if err != nil {
		return err
	}
	if err := stamp(stream); err != nil {
		return err
	}
	for i, o := range offsets {
		data[o] = stream[i]
	}
	return os.WriteFile(path, data, 0o644)
}

func summaryOf(f *cfb.File) (Summary, error) {
	stream, _, err := summaryStream(f)
	if err != nil {
		return Summary{}, err
	}
	props, err := propertySet(stream)
	if err != nil {
		return Summary{}, err
	}
	var s Summary
	for _, p := range []struct {
		pid uint32
		to  *string
	}{{pidSubject, &s.Subject}, {pidAuthor, &s.Author}, {pidTemplate, &s.Template}, {pidRevNumber, &s.PackageCode}} {
		v, ok := props[p.pid]
		if !ok {
			continue
		}
		if *p.to, err = lpstr(v); err != nil {
			return Summary{}, fmt.Errorf("summary property %d: %w", p.pid, err)
		}
	}
	if v, ok := props[pidPageCount]; ok {
		if len(v) < 8 || le32(v, 0) != vtI4 {
			return Summary{}, errors.New("summary property 14 (the Windows Installer version) is not a 4-byte integer")
		}
		s.Version = strconv.Itoa(int(int32(le32(v, 4))))
	}
	if s.Template == "" || s.PackageCode == "" {
		return Summary{}, errors.New("no Template or package code")
	}
	return s, nil
}

// propertySet maps each property id of the first section of a property set
// stream to its typed value: the type word, then the value's bytes to the
// stream's end (each reader takes only what its type says).
func propertySet(s []byte) (map[uint32][]byte, error) {
	if len(s) < 48 {
		return nil, errors.New("summary information stream too short")
	}
	section := int(le32(s, 44))
	if section < 0 || section+8 > len(s) {
		return nil, errors.New("summary information section out of range")
	}
	count := int(le32(s, section+4))
	props := map[uint32][]byte{}
	for i := 0; i < count; i++ {
		entry := section + 8 + 8*i
		if entry+8 > len(s) {
			return nil, errors.New("summary information section ends inside its property list")
		}
		at := section + int(le32(s, entry+4))
		if at < section || at+4 > len(s) {
			return nil, fmt.Errorf("summary property %d out of range", le32(s, entry))
		}
		props[le32(s, entry)] = s[at:]
	}
	return props, nil
}

// lpstr reads a VT_LPSTR value: a byte count with the terminating NUL, then
// the bytes, read as a C string (to the first NUL). Like msitools, which
// writes UTF-8 whatever codepage the property set names, it converts nothing.
func lpstr(v []byte) (string, error) {
	if len(v) < 8 || le32(v, 0) != vtLPSTR {
		return "", errors.New("not a string (VT_LPSTR)")
	}
	n := int(le32(v, 4))
	if n < 0 || n > len(v)-8 {
		return "", fmt.Errorf("a string of %d bytes runs past the stream", n)
	}
	b := v[8 : 8+n]
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b), nil
}
