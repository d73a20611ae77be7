package smoke

import (
	"crypto/rand"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Package is one MSI the suite was given, as its database describes it.
type Package struct {
	Path     string
	Version  string // ProductVersion, a.b.c[.d]
	Code     string // ProductCode, {GUID}
	Platform string // the summary's Template before ';': x64, Intel, Arm64
	Derived  bool   // written by the runner from another package (see Roles)
}

// Roles are the packages the cases install.
type Roles struct {
	// V1 is the lowest version given: fresh installs, the upgrade's "before".
	V1 Package
	// V2 is the next higher version given; when only one version is given it
	// is derived from V1 (Derive: ProductVersion's third field + 1, new
	// ProductCode and package code), so an upgrade is a real major upgrade
	// between two packages even when only one was built.
	V2 Package
	// V2Derived says V2 must still be derived from V1 (Version is set).
	V2Derived bool
}

// ChooseRoles picks V1 and V2 from what was given. Only packages for the
// runner's platform (x64) are used when there are any: dist/*.msi holds one
// package per architecture.
func ChooseRoles(pkgs []Package) (Roles, error) {
	if len(pkgs) == 0 {
		return Roles{}, fmt.Errorf("no MSI given")
	}
	var x64 []Package
	for _, p := range pkgs {
		if p.Platform == "x64" {
			x64 = append(x64, p)
		}
	}
	if len(x64) > 0 {
		pkgs = x64
	}
	for _, p := range pkgs {
		if _, err := parseVersion(p.Version); err != nil {
			return Roles{}, fmt.Errorf("%s: %w", p.Path, err)
		}
	}
	sorted := slices.Clone(pkgs)
	slices.SortStableFunc(sorted, func(a, b Package) int { return CompareVersions(a.Version, b.Version) })
	r := Roles{V1: sorted[0]}
	for _, p := range sorted[1:] {
		if CompareVersions(p.Version, r.V1.Version) > 0 {
			r.V2 = p
			return r, nil
		}
	}
	next, err := NextVersion(r.V1.Version)
	if err != nil {
		return Roles{}, fmt.Errorf("%s: %w", r.V1.Path, err)
	}
	r.V2 = Package{Version: next, Platform: r.V1.Platform, Derived: true}
	r.V2Derived = true
	return r, nil
}

// parseVersion reads a ProductVersion: 3 or 4 fields; major < 128 because
// Wine's FindRelatedProducts misreads larger ones (docs/platform.md), minor <
// 256, build < 65536 (Windows Installer's limits).
func parseVersion(v string) ([]int, error) {
	fields := strings.Split(v, ".")
	if len(fields) < 3 || len(fields) > 4 {
		return nil, fmt.Errorf("ProductVersion %q: want a.b.c or a.b.c.d", v)
	}
	limits := []int{128, 256, 65536, 65536}
	n := make([]int, len(fields))
	for i, f := range fields {
		x, err := strconv.Atoi(f)
		if err != nil || x < 0 || x >= limits[i] {
			return nil, fmt.Errorf("ProductVersion %q: field %d is not a number below %d", v, i+1, limits[i])
		}
		n[i] = x
	}
	return n, nil
}

// CompareVersions orders ProductVersions as Windows Installer does for
// upgrades (the fourth field is ignored by it, but not here: it only orders
// the packages given).
func CompareVersions(a, b string) int {
	x, _ := parseVersion(a)
	y, _ := parseVersion(b)
	for len(x) < 4 {
		x = append(x, 0)
	}
	for len(y) < 4 {
		y = append(y, 0)
	}
	return slices.Compare(x, y)
}

// NextVersion is v with its third field one higher and no fourth: a version
// Windows Installer sees as newer (it compares the first three fields only).
func NextVersion(v string) (string, error) {
	n, err := parseVersion(v)
	if err != nil {
		return "", err
	}
	if n[2]+1 >= 65536 {
		return "", fmt.Errorf("ProductVersion %q: no higher build number to derive a newer package", v)
	}
	return fmt.Sprintf("%d.%d.%d", n[0], n[1], n[2]+1), nil
}

// NewGUID is a random GUID as Windows Installer writes codes: {UPPER-CASE}.
func NewGUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return strings.ToUpper(fmt.Sprintf("{%x-%x-%x-%x-%x}", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]))
}
