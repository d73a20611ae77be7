package msidb

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/svcpack/svcpack/service/clip"
)

// A package is input like any other: a ProductCode edited to
// "{…}&calc&rem" once passed the lint and reached the uninstall command
// line. The values that stages copy into command lines, file names and
// manifests are checked against these shapes first.

var guid = regexp.MustCompile(`^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$`)

// CheckGUID refuses a code (ProductCode, UpgradeCode, PackageCode) that is
// not a GUID in braces and upper case, the form Windows Installer requires.
func CheckGUID(name, v string) error {
	if !guid.MatchString(v) {
		return fmt.Errorf("%s %s: want a GUID in braces and upper case, such as {D9A7E615-4190-4B0A-A6A0-AA6E18070509}", name, clip.Quote(v))
	}
	return nil
}

// CheckProductVersion refuses a ProductVersion that is not
// major.minor.build[.revision] within Windows Installer's limits: 255, 255,
// 65535 (and 65535 for the revision, which it ignores).
func CheckProductVersion(v string) error {
	parts := strings.Split(v, ".")
	limits := []int{255, 255, 65535, 65535}
	ok := len(parts) == 3 || len(parts) == 4
	for i := 0; ok && i < len(parts); i++ {
		p := parts[i]
		n, err := strconv.Atoi(p)
		ok = err == nil && p != "" && len(p) <= 5 && strings.Trim(p, "0123456789") == "" && n <= limits[i]
	}
	if !ok {
		return fmt.Errorf("ProductVersion %s: want major.minor.build[.revision], at most 255.255.65535.65535", clip.Quote(v))
	}
	return nil
}
