package msidb

import (
	"bytes"
	"fmt"
	"io"

	"github.com/svcpack/svcpack/internal/inputfile"
	"github.com/svcpack/svcpack/service/clip"
)

// classMSI is CLSID_MsiDatabase, {000C1084-0000-0000-C000-000000000046}, as
// the root storage of every Windows Installer package records it (a
// transform has {000C1082-…}, a patch {000C1086-…}).
var classMSI = [16]byte{0x84, 0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}

// CheckPackage refuses, in well under a second and before any tool runs on
// it, a path that is not a regular file holding a Windows Installer package:
// a compound file whose root storage has the MSI class. It reads the header
// and the root directory entry only.
func CheckPackage(path string) error {
	f, err := inputfile.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	notMSI := func(why string) error {
		return fmt.Errorf("%s is not a Windows Installer package (.msi): %s", clip.Quote(path), why)
	}
	header := make([]byte, 512)
	if _, err := io.ReadFull(f, header); err != nil {
		return notMSI("shorter than a compound file's 512-byte header")
	}
	if le32(header, 0) != 0xE011CFD0 || le32(header, 4) != 0xE11AB1A1 {
		return notMSI("it does not start with the compound file signature D0 CF 11 E0 A1 B1 1A E1")
	}
	shift := le16(header, 0x1E)
	if shift != 9 && shift != 12 {
		return notMSI(fmt.Sprintf("compound file sector shift %d: the format allows 9 or 12", shift))
	}
	size := int64(1) << shift
	// The directory's first sector holds the root entry; its class id is at 80.
	var class [16]byte
	if _, err := f.ReadAt(class[:], (int64(le32(header, 0x30))+1)*size+80); err != nil {
		return notMSI("its directory is outside the file")
	}
	if !bytes.Equal(class[:], classMSI[:]) {
		return notMSI(fmt.Sprintf("a compound file of another class (%X), such as a transform, a patch or an Office document", class))
	}
	return nil
}
