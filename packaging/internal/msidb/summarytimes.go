package msidb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/svcpack/svcpack/packaging/internal/cfb"
)

// SummaryTimes are the Create Time/Date and Last Save Time/Date of an MSI's
// summary information, as stored: FILETIMEs, which msiinfo prints only in a
// form that hides an impossible year.
type SummaryTimes struct {
	Created, Saved time.Time
}

const (
	pidCreateTime   = 12
	pidLastSaveTime = 13
	vtFiletime      = 64
)

// ReadSummaryTimes reads the two FILETIMEs of the MSI's summary information.
func (d *DB) ReadSummaryTimes() (SummaryTimes, error) {
	var t SummaryTimes
	err := cfb.ReadFile(d.path, func(f *cfb.File) (err error) {
		t, err = summaryTimesOf(f)
		return err
	})
	if err != nil {
		return SummaryTimes{}, fmt.Errorf("read summary times of %s: %w", d.path, err)
	}
	return t, nil
}

func summaryTimesOf(f *cfb.File) (SummaryTimes, error) {
	stream, _, err := summaryStream(f)
	if err != nil {
		return SummaryTimes{}, err
	}
	var got [2]time.Time
	for i, pid := range []uint32{pidCreateTime, pidLastSaveTime} {
		at, err := propertyOffset(stream, pid)
		if err != nil {
			return SummaryTimes{}, err
		}
		got[i] = fromFiletime(binary.LittleEndian.Uint64(stream[at:]))
	}
	return SummaryTimes{Created: got[0], Saved: got[1]}, nil
}

// SetSummaryTimes overwrites the Create Time/Date and Last Save Time/Date of
// the MSI's summary information with t. wixl stamps the wall clock there and
// msibuild has no option to change it, so reproducible builds patch the two
// FILETIMEs in place: the MSI is an OLE compound file (CFB) and the values
// have a fixed size, so nothing else in the file moves.
//
// t must be a time a FILETIME holds, 1601-01-01 or later: an earlier one
// would wrap around (goreleaser's 0001-01-01 was stored as the year 58456).
func SetSummaryTimes(path string, t time.Time) error {
	if t.Before(filetimeEpoch) || t.After(fromFiletime(math.MaxUint64)) {
		return fmt.Errorf("set summary times of %s: %s is outside what a FILETIME holds (1601 to 60056)", path, t.UTC().Format(time.RFC3339))
	}
	if err := patchSummaryFile(path, func(s []byte) error { return stampTimes(s, t) }); err != nil {
		return fmt.Errorf("set summary times of %s: %w", path, err)
	}
	return nil
}

// stampTimes sets the create and save times in the summary stream s.
func stampTimes(s []byte, t time.Time) error {
	ft := filetime(t)
	for _, pid := range []uint32{pidCreateTime, pidLastSaveTime} {
		at, err := propertyOffset(s, pid)
		if err != nil {
			return err
		}
		binary.LittleEndian.PutUint64(s[at:], ft)
	}
	return nil
}

var filetimeEpoch = time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC)

// filetime is t in 100 ns intervals since 1601-01-01 UTC.
func filetime(t time.Time) uint64 {
	const unixToFiletime = 11644473600
	return uint64(t.Unix()+unixToFiletime)*10_000_000 + uint64(t.Nanosecond()/100)
}

// fromFiletime is the time a FILETIME (100 ns intervals since 1601-01-01
// UTC) stands for; every uint64 is a time before the year 60056.
func fromFiletime(ft uint64) time.Time {
	const unixToFiletime = 11644473600
	secs := int64(ft/10_000_000) - unixToFiletime
	return time.Unix(secs, int64(ft%10_000_000)*100).UTC()
}

// propertyOffset returns where, in a property set stream, the 8-byte value of
// the VT_FILETIME property pid starts ([MS-OLEPS] 2.20, 2.21).
func propertyOffset(s []byte, pid uint32) (int, error) {
	if len(s) < 48 {
		return 0, errors.New("summary information stream too short")
	}
	section := int(le32(s, 44))
	if section+8 > len(s) {
		return 0, errors.New("summary information section out of range")
	}
	count := int(le32(s, section+4))
	for i := range count {
		entry := section + 8 + 8*i
		if entry+8 > len(s) {
			break
		}
		if le32(s, entry) != pid {
			continue
		}
		at := section + int(le32(s, entry+4))
		if at+12 > len(s) || le32(s, at) != vtFiletime {
			return 0, fmt.Errorf("summary property %d is not a FILETIME", pid)
		}
		return at + 4, nil
	}
	return 0, fmt.Errorf("summary information has no property %d", pid)
}
