package deploy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/svcpack/svcpack/packaging/internal/msidb"
)

// Package describes one MSI.
type Package struct {
	File           string `json:"file"`           // base name, <name>_<version>_<arch>.msi
	Version        string `json:"version"`        // the release version (git describe), as in the file name
	ProductVersion string `json:"productVersion"` // what Windows Installer and a detection rule compare
	Arch           string `json:"arch"`           // amd64, 386 or arm64
	Platform       string `json:"platform"`       // the package's Template platform: x64, Intel or Arm64
	ProductName    string `json:"productName"`
	Manufacturer   string `json:"manufacturer"`
	ProductCode    string `json:"productCode"` // changes with every version: the detection rule's key
	UpgradeCode    string `json:"upgradeCode"` // never changes: what upgrades find the installed product by
	SHA256         string `json:"sha256"`
	Size           int64  `json:"size"`
	Install        string `json:"install"`   // silent per-machine install with a verbose log, for cmd.exe
	Uninstall      string `json:"uninstall"` // silent removal by ProductCode, with a verbose log
	// InstallWithTransform is Install with TRANSFORMS="site.mst": an admin's
	// values made by `svcpack transform … -o site.mst`, the file beside the MSI.
	InstallWithTransform string `json:"installWithTransform"`
	// Properties are the public properties an admin may set on the install
	// or uninstall command line or in a transform (REMOVEDATA is for
	// uninstall): SecureCustomProperties less those the installer sets itself
	// (AppSearch results, upgrade detection).
	Properties []string `json:"properties"`
	// PropertyDetails say, for each of Properties, its allowed values,
	// default, description, when it applies, whether it is remembered, and
	// an example command line; from the product file (WithProduct), absent
	// when the package was described without one.
	PropertyDetails []PropertyDoc `json:"propertyDetails,omitempty"`
	// Requires is what the package's launch conditions demand of the machine.
	Requires  Requirements `json:"requires"`
	Detection Detection    `json:"detection"`
}

// Detection is an MSI detection rule as SCCM and Intune take it: the product
// code, and the version that must be installed or exceeded.
type Detection struct {
	Type           string `json:"type"` // always "msi"
	ProductCode    string `json:"productCode"`
	ProductVersion string `json:"productVersion"`
	Operator       string `json:"operator"` // greaterThanOrEqual: a later upgrade still satisfies the rule
}

// logDir is where the command lines write their logs: SCCM and Intune run
// installs as SYSTEM, whose %TEMP% is this folder, and admins look there.
const logDir = `%WINDIR%\Temp`

// Describe reads the MSI at path and returns its entry. version is the
// release version the file was built as; "" takes the ProductVersion.
func Describe(ctx context.Context, path, version string) (Package, error) {
	return DescribeDB(ctx, msidb.Open(path), version)
}

// DescribeDB is Describe through a DB: what it has read already (msi.BuildRead
// returns the lint's read of the finished file) is not read again.
func DescribeDB(ctx context.Context, db *msidb.DB, version string) (Package, error) {
	p, err := describe(ctx, db, version)
	if err != nil {
		return Package{}, fmt.Errorf("describe %s: %w", db.Path(), err)
	}
	return p, nil
}

func describe(ctx context.Context, db *msidb.DB, version string) (Package, error) {
	path := db.Path()
	props, err := db.Table(ctx, "Property")
	if err != nil {
		return Package{}, err
	}
	get := func(name string) string {
		if rows := props.Find("Property", name); len(rows) > 0 {
			return rows[0]["Value"]
		}
		return ""
	}
	p := Package{
		File:           filepath.Base(path),
		Version:        version,
		ProductVersion: get("ProductVersion"),
		ProductName:    get("ProductName"),
		Manufacturer:   get("Manufacturer"),
		ProductCode:    get("ProductCode"),
		UpgradeCode:    get("UpgradeCode"),
	}
	if err := checkIdentity(p); err != nil {
		return Package{}, err
	}
	if p.Version == "" {
		p.Version = p.ProductVersion
	}
	summary, err := db.Summary(ctx)
	if err != nil {
		return Package{}, err
	}
	p.Platform, _, _ = strings.Cut(summary.Template, ";")
	if p.Arch, err = archOf(p.Platform); err != nil {
		return Package{}, err
	}
	if p.Properties, err = adminProperties(ctx, db); err != nil {
		return Package{}, err
	}
	if p.SHA256, p.Size, err = hashFile(path); err != nil {
		return Package{}, err
	}
	if p.Requires, err = requirements(ctx, db, p.Platform); err != nil {
		return Package{}, err
	}
	p.Install, p.Uninstall = commandLines(p)
	p.InstallWithTransform = transformInstall(p)
	p.Detection = Detection{Type: "msi", ProductCode: p.ProductCode, ProductVersion: p.ProductVersion, Operator: "greaterThanOrEqual"}
	return p, nil
}

// adminProperties are the secure properties that no AppSearch or Upgrade row
// fills in: what is left is for the admin to set.
func adminProperties(ctx context.Context, db *msidb.DB) ([]string, error) {
	secure, err := db.SecureCustomProperties(ctx)
	if err != nil {
		return nil, err
	}
	internal := map[string]bool{}
	for _, src := range []struct{ table, column string }{{"AppSearch", "Property"}, {"Upgrade", "ActionProperty"}} {
		t, err := db.Table(ctx, src.table)
		if err != nil {
			return nil, err
		}
		for _, r := range t.Rows {
			internal[r[src.column]] = true
		}
	}
	props := []string{}
	for _, name := range secure {
		if !internal[name] {
			props = append(props, name)
		}
	}
	return props, nil
}

// requirements are the launch conditions' own messages: the one on the
// Windows version (a condition on VersionNT) and the one on the architecture
// (on VersionNT64), with the package's platform.
func requirements(ctx context.Context, db *msidb.DB, platform string) (Requirements, error) {
	t, err := db.Table(ctx, "LaunchCondition")
	if err != nil {
		return Requirements{}, err
	}
	var r Requirements
	for _, row := range t.Rows {
		switch c := row["Condition"]; {
		case strings.Contains(c, "VersionNT64"):
			r.Architecture = row["Description"]
		case strings.Contains(c, "VersionNT"):
			r.OS = row["Description"]
		}
	}
	if r.Architecture == "" {
		r.Architecture = "any Windows this platform runs on"
	}
	r.Architecture = platform + ": " + r.Architecture
	if r.OS == "" {
		r.OS = "no Windows version checked by the package"
	}
	return r, nil
}

// archOf maps a Template platform to the GOARCH name the files are named by.
func archOf(platform string) (string, error) {
	switch strings.ToLower(platform) {
	case "x64", "amd64":
		return "amd64", nil
	case "intel", "":
		return "386", nil // an empty platform means Intel to Windows Installer
	case "arm64":
		return "arm64", nil
	}
	return "", fmt.Errorf("summary Template platform %q: want x64, Intel or Arm64", platform)
}

// commandLines are for cmd.exe (SCCM program, Intune Win32 app, GPO script):
// /qn silent, /norestart so the deployment tool decides about reboots (exit
// code 3010), /l*v a verbose log named after the product and action.
func commandLines(p Package) (install, uninstall string) {
	name := strings.TrimSuffix(p.File, filepath.Ext(p.File))
	install = fmt.Sprintf(`msiexec /i "%s" /qn /norestart /l*v "%s\%s_install.log"`, p.File, logDir, name)
	uninstall = fmt.Sprintf(`msiexec /x %s /qn /norestart /l*v "%s\%s_uninstall.log"`, p.ProductCode, logDir, name)
	return install, uninstall
}

func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
