package intunewin

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/service/clip"
)

// msiFacts is what Detection.xml says of the MSI, read from it.
type msiFacts struct {
	ProductName string
	MsiInfo
}

// The shapes Detection.xml's values must have: Windows Installer's upper-case
// braced GUID, and a ProductVersion of at most four fields (major.minor.build
// are what Windows Installer compares).
var (
	guidShape    = regexp.MustCompile(`^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$`)
	versionShape = regexp.MustCompile(`^[0-9]{1,3}\.[0-9]{1,3}(\.[0-9]{1,5}){0,2}$`)
)

// Directories whose use makes Intune call a package one that writes system
// folders.
var systemFolders = []string{"SystemFolder", "System64Folder", "System16Folder", "WindowsFolder"}

// readFacts reads the MSI's codes, version, publisher and what it installs,
// and refuses values of the wrong shape before anything is written.
func readFacts(ctx context.Context, db *msidb.DB) (msiFacts, error) {
	if err := db.Load(ctx, "Property", "ServiceInstall", "ODBCDataSource", "Registry", "Directory", "InstallExecuteSequence"); err != nil {
		return msiFacts{}, err
	}
	props, err := db.Table(ctx, "Property")
	if err != nil {
		return msiFacts{}, err
	}
	get := func(name string) string {
		if rows := props.Find("Property", name); len(rows) > 0 {
			return rows[0]["Value"]
		}
		return ""
	}
	sum, err := db.Summary(ctx)
	if err != nil {
		return msiFacts{}, err
	}
	f := msiFacts{ProductName: get("ProductName"), MsiInfo: MsiInfo{
		MsiProductCode:    get("ProductCode"),
		MsiProductVersion: get("ProductVersion"),
		MsiPackageCode:    sum.PackageCode,
		MsiUpgradeCode:    get("UpgradeCode"),
		MsiPublisher:      get("Manufacturer"),
	}}
	for _, c := range []struct{ name, value string }{
		{"ProductCode", f.MsiProductCode}, {"UpgradeCode", f.MsiUpgradeCode}, {"summary package code", f.MsiPackageCode},
	} {
		if !guidShape.MatchString(c.value) {
			return msiFacts{}, fmt.Errorf("%s %s: want an upper-case braced GUID such as {01234567-89AB-CDEF-0123-456789ABCDEF}", c.name, clip.Quote(c.value))
		}
	}
	if err := checkVersion(f.MsiProductVersion); err != nil {
		return msiFacts{}, err
	}
	for _, c := range []struct{ name, value string }{{"ProductName", f.ProductName}, {"Manufacturer", f.MsiPublisher}} {
		if strings.TrimSpace(c.value) == "" {
			return msiFacts{}, fmt.Errorf("the Property table has no %s: Intune shows it as the app's name and publisher", c.name)
		}
	}
	// A service needs a per-machine package; Intune installs one as System.
	if all := get("ALLUSERS"); all != "1" {
		return msiFacts{}, fmt.Errorf("ALLUSERS %s: want 1 (a per-machine package, which Intune installs in the System context)", clip.Quote(all))
	}
	f.MsiExecutionContext, f.MsiIsMachineInstall = "System", true
	if f.MsiIncludesServices, err = hasRows(ctx, db, "ServiceInstall", nil); err != nil {
		return msiFacts{}, err
	}
	if f.MsiIncludesODBCDataSource, err = hasRows(ctx, db, "ODBCDataSource", nil); err != nil {
		return msiFacts{}, err
	}
	// Root 2 is HKLM, 0 HKCR; -1 is HKLM in a per-machine install.
	if f.MsiContainsSystemRegistryKeys, err = hasRows(ctx, db, "Registry", func(r msidb.Row) bool {
		return r["Root"] == "2" || r["Root"] == "0" || r["Root"] == "-1"
	}); err != nil {
		return msiFacts{}, err
	}
	if f.MsiContainsSystemFolders, err = hasRows(ctx, db, "Directory", func(r msidb.Row) bool {
		for _, d := range systemFolders {
			if r["Directory"] == d {
				return true
			}
		}
		return false
	}); err != nil {
		return msiFacts{}, err
	}
	f.MsiRequiresReboot, err = hasRows(ctx, db, "InstallExecuteSequence", func(r msidb.Row) bool {
		return r["Action"] == "ScheduleReboot" || r["Action"] == "ForceReboot"
	})
	return f, err
}

// hasRows says whether table has a row that match accepts (any row, when
// match is nil). A table the MSI lacks has none.
func hasRows(ctx context.Context, db *msidb.DB, table string, match func(msidb.Row) bool) (bool, error) {
	t, err := db.Table(ctx, table)
	if err != nil {
		return false, err
	}
	for _, r := range t.Rows {
		if match == nil || match(r) {
			return true, nil
		}
	}
	return false, nil
}

// checkVersion is Windows Installer's ProductVersion: major and minor up to
// 255, build up to 65535.
func checkVersion(v string) error {
	bad := fmt.Errorf("ProductVersion %s: want major.minor[.build[.revision]] with major and minor 0–255, build 0–65535", clip.Quote(v))
	if !versionShape.MatchString(v) {
		return bad
	}
	for i, limit := range []int{255, 255, 65535, 65535} {
		fields := strings.Split(v, ".")
		if i >= len(fields) {
			break
		}
		if n, _ := strconv.Atoi(fields[i]); n > limit {
			return bad
		}
	}
	return nil
}
