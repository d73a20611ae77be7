package deploy

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/svcpack/svcpack/packaging/internal/product"
)

// PropertyDoc is what an admin needs to set one public property: the
// product file's account of it, and a command line that sets it.
type PropertyDoc struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	// Pattern is the allowlist: a value must match it whole (RE2 syntax);
	// the MSI refuses others before it changes anything.
	Pattern string `json:"pattern"`
	// Default is the value used when none is given (and, if remembered,
	// none is remembered); "" means "not given": see the description.
	Default string `json:"default"`
	// AppliesTo: install (also repair and upgrade) or uninstall.
	AppliesTo string `json:"appliesTo"`
	// Remembered: an upgrade or repair reuses the value the last install was
	// given; changing it on an installed product takes a repair with /fomus.
	Remembered bool `json:"remembered"`
	// Example is a silent msiexec command line (cmd.exe) setting the
	// property to the product file's first good example, printed by
	// product.PropertyArg's rule (docs/install-behaviour.md).
	Example string `json:"example"`
}

// Requirements are the package's launch conditions as it states them: the
// Windows it needs and the architecture it is for.
type Requirements struct {
	OS           string `json:"os"`
	Architecture string `json:"architecture"`
}

// WithProduct adds the product file's account of each property the package
// lets an admin set (Properties), in the package's order.
func WithProduct(pkg Package, p *product.Product) Package {
	pkg.PropertyDetails = nil
	for _, name := range pkg.Properties {
		for _, prop := range p.Properties {
			if prop.Name == name {
				pkg.PropertyDetails = append(pkg.PropertyDetails, propertyDoc(pkg, p, prop))
			}
		}
	}
	return pkg
}

func propertyDoc(pkg Package, p *product.Product, prop product.Property) PropertyDoc {
	d := PropertyDoc{
		Name: prop.Name, Description: prop.Description, Pattern: prop.Pattern,
		AppliesTo: prop.AppliesTo, Remembered: prop.Remembered,
	}
	if d.AppliesTo == "" {
		d.AppliesTo = "install"
	}
	// The MSI's own defaults; a setting's is the program's (svcpack.yaml has
	// no default of a property: docs/install-behaviour.md).
	switch prop.Name {
	case product.StartTypeProperty:
		d.Default = p.Service.Start
	case product.InstallFolderProperty:
		d.Default = `%ProgramFiles%\` + p.Company + `\` + p.Name
	}
	value := ""
	if len(prop.Examples.Good) > 0 {
		value = prop.Examples.Good[0]
	}
	set, err := product.PropertyArg(prop.Name, value)
	if err != nil {
		// product.Load refuses such an example; a Product made otherwise
		// gets no line rather than a line that means something else.
		return d
	}
	name := strings.TrimSuffix(pkg.File, filepath.Ext(pkg.File))
	if d.AppliesTo == "uninstall" {
		d.Example = fmt.Sprintf(`msiexec /x %s %s /qn /norestart /l*v "%s\%s_uninstall.log"`, pkg.ProductCode, set, logDir, name)
	} else {
		d.Example = fmt.Sprintf(`msiexec /i "%s" %s /qn /norestart /l*v "%s\%s_install.log"`, pkg.File, set, logDir, name)
	}
	return d
}
