package smoke

import (
	"slices"
	"strings"
	"testing"
)

// The packages the runner derived (v2 when only one version was given, and
// the same-version pair) are v1 with exactly their version and codes
// changed: read back through msi.dll, the ProductVersion, ProductCode,
// package code and the Upgrade table's bounds are the new ones, and nothing
// else of those differs from v1. The install cases then prove Windows
// Installer treats them as the packages of those versions.
func TestDerivedPackages(t *testing.T) {
	type facts struct {
		version, code, packageCode string
		upgrade                    [][]string
	}
	read := func(p Package) facts {
		t.Helper()
		db, err := openMSI(p.Path, msiOpenReadOnly)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var f facts
		if f.version, err = db.property("ProductVersion"); err != nil {
			t.Fatal(err)
		}
		if f.code, err = db.property("ProductCode"); err != nil {
			t.Fatal(err)
		}
		if f.packageCode, err = db.packageCode(); err != nil {
			t.Fatal(err)
		}
		if f.upgrade, err = db.rows("SELECT " + upgradeColumns + " FROM `Upgrade`"); err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(f.upgrade, func(a, b []string) int { return strings.Compare(a[6], b[6]) })
		return f
	}
	base := read(v1)
	derived := []Package{devA, devB}
	if v2.Derived {
		derived = append(derived, v2)
	}
	seen := map[string]bool{base.code: true, base.packageCode: true}
	for _, p := range derived {
		got := read(p)
		if got.version != p.Version || got.code != p.Code {
			t.Errorf("%s: ProductVersion %s, ProductCode %s; want %s, %s", p.Path, got.version, got.code, p.Version, p.Code)
		}
		if seen[got.code] || seen[got.packageCode] {
			t.Errorf("%s: ProductCode %s or package code %s is another package's", p.Path, got.code, got.packageCode)
		}
		seen[got.code], seen[got.packageCode] = true, true
		if len(got.upgrade) != len(base.upgrade) {
			t.Fatalf("%s: Upgrade table %q, v1's %q", p.Path, got.upgrade, base.upgrade)
		}
		for i, row := range base.upgrade {
			want := slices.Clone(row)
			for c := 1; c <= 2; c++ {
				if want[c] == v1.Version {
					want[c] = p.Version
				}
			}
			if !slices.Equal(got.upgrade[i], want) {
				t.Errorf("%s: Upgrade row %q, want %q", p.Path, got.upgrade[i], want)
			}
		}
	}
}
