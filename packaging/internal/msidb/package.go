package msidb

import (
	"bytes"
	"fmt"

	"github.com/svcpack/svcpack/internal/inputfile"
	"github.com/svcpack/svcpack/packaging/internal/cfb"
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
	class, err := cfb.ReadClass(f)
	if err != nil {
		return notMSI(err.Error())
	}
	if !bytes.Equal(class[:], classMSI[:]) {
		return notMSI(fmt.Sprintf("a compound file of another class (%X), such as a transform, a patch or an Office document", class))
	}
	return nil
}
