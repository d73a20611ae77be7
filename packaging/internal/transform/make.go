package transform

import (
	"fmt"
	"strings"

	"github.com/svcpack/svcpack/packaging/internal/product"
)

// Make checks sets against the product file (Check), checks that the
// package is the product's (its upgrade code), and builds the transform.
func Make(p *product.Product, t Target, sets []Setting) ([]byte, error) {
	if err := Check(p, sets); err != nil {
		return nil, err
	}
	if !strings.EqualFold(t.UpgradeCode, "{"+p.UpgradeCode+"}") {
		return nil, fmt.Errorf("make transform: the package's upgrade code is %s, not %s's {%s}: make the transform from %s's own MSI", t.UpgradeCode, p.Name, p.UpgradeCode, p.Name)
	}
	return Build(t, sets)
}
