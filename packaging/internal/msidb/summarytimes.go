package msidb

import (
	"encoding/binary"
	"fmt"
	"time"
)

// SummaryTimes are the Create Time/Date and Last Save Time/Date of an MSI's
// summary information, as stored: FILETIMEs, which msiinfo prints only in a
// form that hides an impossible year.
type SummaryTimes struct {
	Created, Saved time.Time
}

// ReadSummaryTimes reads the two FILETIMEs of the MSI's summary information.
func (d *DB) ReadSummaryTimes() (SummaryTimes, error) {
	var t SummaryTimes
	err := readCFB(d.path, func(f *cfb) (err error) {
		t, err = summaryTimesOf(f)
		return err
	})
	if err != nil {
		return SummaryTimes{}, fmt.Errorf("read summary times of %s: %w", d.path, err)
	}
	return t, nil
}

func summaryTimesOf(f *cfb) (SummaryTimes, error) {
	stream, _, err := f.summaryStream()
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

// fromFiletime is the time a FILETIME (100 ns intervals since 1601-01-01
// UTC) stands for; every uint64 is a time before the year 60056.
func fromFiletime(ft uint64) time.Time {
	const unixToFiletime = 11644473600
	secs := int64(ft/10_000_000) - unixToFiletime
	return time.Unix(secs, int64(ft%10_000_000)*100).UTC()
}
