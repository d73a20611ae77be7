package transform

import (
	"context"
	"fmt"
	"strconv"

	"github.com/svcpack/svcpack/packaging/internal/msidb"
)

// ReadTarget reads what a transform for the MSI at path must know of it,
// with msitools (packaging/internal/msidb).
func ReadTarget(ctx context.Context, path string) (Target, error) {
	db := msidb.Open(path)
	props, err := db.Table(ctx, "Property")
	if err != nil {
		return Target{}, err
	}
	sum, err := db.Summary(ctx)
	if err != nil {
		return Target{}, err
	}
	cp, err := db.Codepage(ctx)
	if err != nil {
		return Target{}, err
	}
	t := Target{Template: sum.Template, Codepage: cp}
	if t.InstallerVersion, err = strconv.Atoi(sum.Version); err != nil {
		return Target{}, fmt.Errorf("read %s: installer version %q is not a number", path, sum.Version)
	}
	for _, r := range props.Rows {
		name, value := r["Property"], r["Value"]
		t.Properties = append(t.Properties, name)
		switch name {
		case "ProductCode":
			t.ProductCode = value
		case "ProductVersion":
			t.ProductVersion = value
		case "UpgradeCode":
			t.UpgradeCode = value
		}
	}
	if t.ProductCode == "" || t.ProductVersion == "" || t.UpgradeCode == "" {
		return Target{}, fmt.Errorf("read %s: its Property table lacks ProductCode, ProductVersion or UpgradeCode", path)
	}
	return t, nil
}
