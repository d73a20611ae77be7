package deploy

import (
	"fmt"

	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/version"
)

// checkIdentity refuses a package whose codes, version or file name could
// not be printed as they are in the manifest's command lines and detection
// rule: the MSI is input, and a ProductCode edited to "{…}&calc&rem" once
// reached the uninstall line.
func checkIdentity(p Package) error {
	if err := msidb.CheckGUID("ProductCode", p.ProductCode); err != nil {
		return fmt.Errorf("the Property table's %w", err)
	}
	if err := msidb.CheckGUID("UpgradeCode", p.UpgradeCode); err != nil {
		return fmt.Errorf("the Property table's %w", err)
	}
	if err := msidb.CheckProductVersion(p.ProductVersion); err != nil {
		return fmt.Errorf("the Property table's %w", err)
	}
	if p.Version != "" {
		if _, err := version.Parse(p.Version); err != nil {
			return err
		}
	}
	if err := product.CheckPrintable(p.File); err != nil {
		return fmt.Errorf("file name %w", err)
	}
	return nil
}
