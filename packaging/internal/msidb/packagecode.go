package msidb

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/svcpack/svcpack/packaging/internal/cfb"
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
	if err := patchSummaryFile(path, func(s []byte) error { return stampCode(s, code) }); err != nil {
		return fmt.Errorf("set the package code of %s: %w", path, err)
	}
	return nil
}

// stampCode sets the package code in the summary stream s.
func stampCode(s []byte, code string) error {
	props, err := propertySet(s)
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
	copy(s[len(s)-len(v)+8:], code) // the string's first byte in the stream
	return nil
}

// Stamp sets the summary's times to t and then its package code to what
// code returns for the file's bytes with those times in (a hash of them, so
// that the code identifies the content). Only the summary stream is read
// and written back, twice; code reads the file as a stream: no copy of the
// file in memory, where SetSummaryTimes and SetPackageCode each read and
// rewrite all of it.
func (d *DB) Stamp(t time.Time, code func(stamped io.Reader) (string, error)) error {
	defer d.Forget()
	file, err := os.OpenFile(d.path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer file.Close()
	f, err := cfb.OpenFile(file)
	if err != nil {
		return fmt.Errorf("stamp the summary of %s: %w", d.path, err)
	}
	stream, offsets, err := summaryStream(f)
	if err != nil {
		return fmt.Errorf("stamp the summary of %s: %w", d.path, err)
	}
	if err := stampTimes(stream, t); err != nil {
		return fmt.Errorf("set summary times of %s: %w", d.path, err)
	}
	if err := cfb.WriteAt(file, stream, offsets); err != nil {
		return err
	}
	c, err := code(io.NewSectionReader(file, 0, int64(f.Size())))
	if err != nil {
		return err
	}
	if err := CheckGUID("package code", c); err != nil {
		return fmt.Errorf("set the package code of %s: %w", d.path, err)
	}
	if err := stampCode(stream, c); err != nil {
		return fmt.Errorf("set the package code of %s: %w", d.path, err)
	}
	if err := cfb.WriteAt(file, stream, offsets); err != nil {
		return err
	}
	return file.Close()
}
