package smoke

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/svcpack/svcpack/packaging/product"
	"github.com/svcpack/svcpack/service/clip"
)

// requirements is what Run prints before anything else: what the suite needs
// from the product and the machine, so a run that cannot work says why at
// once instead of after building its runner and a Wine prefix.
func requirements(p *product.Product, windows bool) string {
	machine := "a fresh Wine prefix (made for the run; Wine and msitools from Debian's packages)"
	if windows {
		machine = "this machine, without " + p.Name + " installed (the cases install and remove it), from an elevated shell"
	}
	return fmt.Sprintf("smoke needs: the product file %s; MSIs of that product (UpgradeCode %s; x64 ones are used; "+
		"one version, or two for a real upgrade); smoke.address %s free; %s",
		p.File(), p.UpgradeCode, p.Smoke.Address, machine)
}

// msiSignature starts every compound file, and so every MSI ([MS-CFB] 2.2).
var msiSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// checkMSIs refuses, before the run starts, a path that is not a regular
// file, a file that is not a compound file (an MSI), and, where upgradeCode
// can read it (nil: not here), a package of another product than p. Each
// error names the file and what was expected.
func checkMSIs(p *product.Product, paths []string, upgradeCode func(path string) (string, error)) error {
	for _, path := range paths {
		if err := isMSIFile(path); err != nil {
			return err
		}
		if upgradeCode == nil {
			continue
		}
		code, err := upgradeCode(path)
		if err != nil {
			return fmt.Errorf("smoke: read the UpgradeCode of %s: %w", path, err)
		}
		if want := "{" + p.UpgradeCode + "}"; !strings.EqualFold(code, want) {
			return fmt.Errorf("smoke: %s has UpgradeCode %s, but %s says %s: a package of another product (give %s's MSIs, or its product file with --product)",
				path, clip.Quote(code), p.File(), want, p.Name)
		}
	}
	return nil
}

// isMSIFile checks that path is a regular file starting with the compound
// file signature.
func isMSIFile(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("smoke: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("smoke: %s is not a file (%s): want an MSI", path, fi.Mode().Type())
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("smoke: %w", err)
	}
	defer f.Close()
	head := make([]byte, len(msiSignature))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, msiSignature) {
		return fmt.Errorf("smoke: %s is not an MSI: it does not start with the compound-file signature every Windows Installer package has", path)
	}
	return nil
}
