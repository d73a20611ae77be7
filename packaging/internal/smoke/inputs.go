package smoke

import (
	"fmt"
	"strings"

	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/packaging/internal/product"
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

// isMSIFile is msidb.CheckPackage, the one check lint, describe and
// transform make too: a regular file (not a pipe, device or folder) that is
// a compound file with the MSI class.
func isMSIFile(path string) error {
	if err := msidb.CheckPackage(path); err != nil {
		return fmt.Errorf("smoke: %w", err)
	}
	return nil
}
