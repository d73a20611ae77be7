// Package msilint reads a built MSI back and checks the properties of the
// design that wixl or a careless edit could lose: each rule is a sentence of
// the design, and a broken one fails the build with the rule's name.
package msilint

import (
	"context"
	"fmt"
	"strings"

	"github.com/svcpack/svcpack/packaging/internal/msidb"
)

// Want is what the package must be.
type Want struct {
	Template       string   // summary Template, e.g. x64;1033
	Win64          bool     // every component 64-bit
	ProductVersion string   // the build's version as Windows Installer sees it
	ServiceArgs    []string // the explicit service-mode argument in every ServiceInstall
	// ConfigureArgs starts the target of the configure custom action, by
	// which the rule finds it; default "service configure".
	ConfigureArgs []string
	// PreflightArgs starts the target of the custom action that refuses a
	// foreign service of the same name; default "service preflight".
	PreflightArgs []string
	// RemoveDataArgs starts the target of the custom action that removes the
	// data directory on uninstall with REMOVEDATA=1; default "service remove-data".
	RemoveDataArgs []string

	// What the product file says the package is (packaging/internal/msi.Want fills
	// these from svcpack.yaml). An empty field is not checked.
	ProductName  string   // the ProductName property
	Manufacturer string   // the Manufacturer property
	UpgradeCode  string   // the UpgradeCode property, braces and case aside
	ServiceName  string   // the one ServiceInstall's Name
	Account      string   // its StartName, case aside
	InstallerKey string   // the configure action runs "service configure --installer-key KEY"
	Properties   []string // exactly the properties an admin may set (secure, not found by AppSearch or Upgrade)
	// Settings are the properties that reach a program setting: each must
	// have all its rows (rule setting-rows). Needs InstallerKey.
	Settings []Setting
	// LocalDumpsKey is WER's key for the product's exe under HKLM; the
	// package must set DumpFolder, DumpCount and DumpType there and nothing
	// else under LocalDumps. Empty: not checked.
	LocalDumpsKey string
	DumpFolder    string // the DumpFolder value, %ProgramData%\<name>\dumps
	DumpCount     int    // the DumpCount value
	DumpType      int    // the DumpType value: 1 mini, 2 full
	// Files are file names the package must install into INSTALLFOLDER
	// through a feature's component: a wrapped product's <name>.yaml and
	// program files. Empty: not checked.
	Files []string
	// Dependencies are the services the one ServiceInstall waits for
	// (service.dependencies), order and case aside; checked when
	// ServiceName is (nil: none).
	Dependencies []string
}

// Finding is one broken rule.
type Finding struct {
	Rule   string
	Detail string
}

// Findings is the error Check returns: every broken rule, not just the first.
type Findings []Finding

func (f Findings) Error() string {
	lines := make([]string, len(f))
	for i, x := range f {
		lines[i] = fmt.Sprintf("msi lint: %s: %s", x.Rule, x.Detail)
	}
	return strings.Join(lines, "\n")
}

// Has reports whether rule is among the findings.
func (f Findings) Has(rule string) bool {
	for _, x := range f {
		if x.Rule == rule {
			return true
		}
	}
	return false
}

// Check applies every rule to the MSI at path. It returns Findings when a rule
// is broken, another error when the MSI cannot be read.
func Check(ctx context.Context, path string, want Want) error {
	return CheckDB(ctx, msidb.Open(path), want)
}

// CheckDB is Check on a DB: it reads through it what it has not read yet
// (pass a fresh msidb.Open to read the whole file back), and leaves what it
// read there for the next stage.
func CheckDB(ctx context.Context, m *msidb.DB, want Want) error {
	if len(want.ConfigureArgs) == 0 {
		want.ConfigureArgs = []string{"service", "configure"}
	}
	if len(want.PreflightArgs) == 0 {
		want.PreflightArgs = []string{"service", "preflight"}
	}
	if len(want.RemoveDataArgs) == 0 {
		want.RemoveDataArgs = []string{"service", "remove-data"}
	}
	db, err := load(ctx, m)
	if err != nil {
		return fmt.Errorf("msi lint %s: %w", m.Path(), err)
	}
	var found Findings
	for _, r := range rules {
		for _, detail := range r.check(db, want) {
			found = append(found, Finding{Rule: r.name, Detail: detail})
		}
	}
	if len(found) > 0 {
		return found
	}
	return nil
}

// db is the part of the MSI the rules read.
type db struct {
	tables  map[string]msidb.Table
	summary msidb.Summary
	times   msidb.SummaryTimes
	public  []string
	secure  []string
}

func load(ctx context.Context, m *msidb.DB) (*db, error) {
	names := []string{"Property", "ServiceInstall", "ServiceControl", "InstallExecuteSequence", "InstallUISequence", "CustomAction", "Component", "AppSearch", "RegLocator", "Upgrade", "Registry", "File", "FeatureComponents"}
	// and, for PublicProperties, the tables it reads: all at once
	if err := m.Load(ctx, append(names, "Directory")...); err != nil {
		return nil, err
	}
	d := &db{tables: map[string]msidb.Table{}}
	for _, name := range names {
		t, err := m.Table(ctx, name)
		if err != nil {
			return nil, err
		}
		d.tables[name] = t
	}
	var err error
	if d.summary, err = m.Summary(ctx); err != nil {
		return nil, err
	}
	if d.times, err = m.ReadSummaryTimes(); err != nil {
		return nil, err
	}
	if d.public, err = m.PublicProperties(ctx); err != nil {
		return nil, err
	}
	if d.secure, err = m.SecureCustomProperties(ctx); err != nil {
		return nil, err
	}
	return d, nil
}
