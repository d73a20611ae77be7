package msidb

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/svcpack/svcpack/service/clip"
)

// SetPackageCode overwrites the package code (the summary's Revision number)
// of the MSI in place, as SetSummaryTimes does the times: the new code must
// be a GUID (CheckGUID) as long as the one stored, so nothing else in the
// file moves. The build derives the code from a hash of the file holding a
// placeholder code; patching it in costs no msibuild process, and msibuild
// would also stamp the clock into the summary again.
func SetPackageCode(path, code string) error {
	if err := CheckGUID("package code", code); err != nil {
		return fmt.Errorf("set the package code of %s: %w", path, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := setPackageCode(data, code); err != nil {
		return fmt.Errorf("set the package code of %s: %w", path, err)
	}
	return os.WriteFile(path, data, 0o644)
}

func setPackageCode(data []byte, code string) error {
	stream, offsets, err := summaryStream(data)
	if err != nil {
		return err
	}
	props, err := propertySet(stream)
	if err != nil {
		return err
	}
	v, ok := props[pidRevNumber]
	if !ok {
		return fmt.Errorf("the summary has no package code (property %d) to overwrite", pidRevNumber)
	}
	old, err := lpstr(v)
	if err != nil {
		return fmt.Errorf("summary property %d: %w", pidRevNumber, err)
	}
	if len(old) != len(code) || int(le32(v, 4)) < len(code)+1 {
		return fmt.Errorf("the stored package code %s is not as long as the new one", clip.Quote(old))
	}
	at := len(stream) - len(v) + 8 // the string's first byte in the stream
	for i := range len(code) {
		data[offsets[at+i]] = code[i]
	}
	return nil
}

// Stamp sets the summary's times to t and then its package code to what
// code returns for the file's bytes with those times in (a hash of them, so
// that the code identifies the content): one read of the file, and only the
// summary stream's bytes written back, rather than SetSummaryTimes and
// SetPackageCode each reading and rewriting the whole file.
func (d *DB) Stamp(t time.Time, code func(stamped []byte) (string, error)) error {
	defer d.Forget()
	f, err := os.OpenFile(d.path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	if err := setSummaryTimes(data, t); err != nil {
		return fmt.Errorf("set summary times of %s: %w", d.path, err)
	}
	c, err := code(data)
	if err != nil {
		return err
	}
	if err := CheckGUID("package code", c); err != nil {
		return fmt.Errorf("set the package code of %s: %w", d.path, err)
	}
	if err := setPackageCode(data, c); err != nil {
		return fmt.Errorf("set the package code of %s: %w", d.path, err)
	}
	_, offsets, err := summaryStream(data)
	if err != nil {
		return err
	}
	for i := 0; i < len(offsets); { // runs of adjacent bytes, a sector's at most
		j := i + 1
		for j < len(offsets) && offsets[j] == offsets[j-1]+1 {
			j++
		}
		if _, err := f.WriteAt(data[offsets[i]:offsets[j-1]+1], int64(offsets[i])); err != nil {
			return err
		}
		i = j
	}
	return f.Close()
}
