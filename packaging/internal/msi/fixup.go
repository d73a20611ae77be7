package msi

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/svcpack/svcpack/packaging/internal/msidb"
)

// fixup adds to the wixl output what wixl cannot author or silently drops
// (docs/platform.md). Each step reads the tables and writes SQL, so it follows the
// .wxs instead of repeating it. All steps read the one state of the file
// wixl made — each step reads only tables no earlier step writes, or columns
// it keeps (securePropertiesSQL reads the Upgrade rows' ActionProperty, which
// sameVersionUpgradeSQL re-inserts unchanged) — so their statements run
// together, in order, in one msibuild process, with the summary s when it is
// not nil (see Build for why), after the imports of the .idt files idts.
// An .idt that replaces a table the steps read (or the codepage) is imported
// first, in a process of its own, so that the steps read what it made.
func fixup(ctx context.Context, db *msidb.DB, arch Arch, idts []string, s *msidb.Summary) error {
	steps := []struct {
		name string
		sql  func(context.Context, *msidb.DB, Arch) ([]string, error)
	}{
		{"move RemoveExistingProducts into the transaction", removeExistingProductsSQL},
		{"allow same-version upgrades", sameVersionUpgradeSQL},
		{"mark components 64-bit", components64SQL},
		{"make service installation vital", vitalServiceSQL},
		{"type expandable registry values", expandableRegistrySQL},
		{"keep an admin's own crash dump settings", crashDumpsConditionSQL},
		{"list public properties in SecureCustomProperties", securePropertiesSQL},
	}
	before, with, err := splitImports(idts, fixupReads)
	if err != nil {
		return err
	}
	if err := db.Import(ctx, before...); err != nil {
		return err
	}
	if err := db.Load(ctx, fixupReads...); err != nil { // at once, rather than step by step
		return err
	}
	var stmts []string
	for _, s := range steps {
		q, err := s.sql(ctx, db, arch)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		stmts = append(stmts, q...)
	}
	if err := db.Build(ctx, stmts, with, s); err != nil {
		return fmt.Errorf("fixups: %w", err)
	}
	return nil
}

// fixupReads are the tables the fixup steps read.
var fixupReads = []string{"InstallExecuteSequence", "Upgrade", "ServiceInstall", "Registry", "Property", "AppSearch", "RegLocator", "Directory", "CustomAction", "Component"}

// removeExistingProductsSQL puts RemoveExistingProducts right after
// InstallInitialize (wixl: 1401, before it), so removing the old version is
// part of the upgrade's transaction and a failed upgrade rolls back to it on
// Windows.
func removeExistingProductsSQL(ctx context.Context, db *msidb.DB, _ Arch) ([]string, error) {
	seq, err := db.Table(ctx, "InstallExecuteSequence")
	if err != nil {
		return nil, err
	}
	rep, init := seq.Find("Action", "RemoveExistingProducts"), seq.Find("Action", "InstallInitialize")
	if len(rep) == 0 {
		return nil, nil
	}
	if len(init) == 0 {
		return nil, fmt.Errorf("no InstallInitialize in InstallExecuteSequence")
	}
	n, err := strconv.Atoi(init[0]["Sequence"])
	if err != nil {
		return nil, fmt.Errorf("InstallInitialize sequence %q: %w", init[0]["Sequence"], err)
	}
	return []string{fmt.Sprintf("UPDATE `InstallExecuteSequence` SET `Sequence` = %d WHERE `Action` = 'RemoveExistingProducts'", n+1)}, nil
}

const (
	upgradeOnlyDetect          = 2
	upgradeVersionMaxInclusive = 512
)

// sameVersionUpgradeSQL makes the upgrade row include its own version
// (MajorUpgrade AllowSameVersionUpgrades, which wixl ignores): dev builds past
// one tag share a.b.c, and without this two of them would install side by
// side, both owning the one service. Attributes is part of the Upgrade key,
// so the row is deleted and inserted again.
func sameVersionUpgradeSQL(ctx context.Context, db *msidb.DB, _ Arch) ([]string, error) {
	up, err := db.Table(ctx, "Upgrade")
	if err != nil {
		return nil, err
	}
	var stmts []string
	for _, r := range up.Rows {
		attr, err := strconv.Atoi(r["Attributes"])
		if err != nil {
			return nil, fmt.Errorf("attributes %q of an Upgrade row: %w", r["Attributes"], err)
		}
		if attr&upgradeOnlyDetect != 0 || r["VersionMax"] == "" || attr&upgradeVersionMaxInclusive != 0 {
			continue
		}
		stmts = append(stmts,
			fmt.Sprintf("DELETE FROM `Upgrade` WHERE `ActionProperty` = '%s'", r["ActionProperty"]),
			insertSQL("Upgrade", r, "Attributes", strconv.Itoa(attr|upgradeVersionMaxInclusive), []string{"Attributes"}))
	}
	return stmts, nil
}

const component64Bit = 256

// components64SQL marks every component 64-bit in a 64-bit package: wixl does
// not default Component/@Win64 from -a x64, and a 32-bit component in a 64-bit
// package is redirected to the 32-bit registry and folders.
func components64SQL(ctx context.Context, db *msidb.DB, arch Arch) ([]string, error) {
	if !arch.Win64() {
		return nil, nil
	}
	comps, err := db.Table(ctx, "Component")
	if err != nil {
		return nil, err
	}
	var stmts []string
	for _, r := range comps.Rows {
		attr, err := strconv.Atoi(r["Attributes"])
		if err != nil {
			return nil, fmt.Errorf("component %s attributes %q: %w", r["Component"], r["Attributes"], err)
		}
		if attr&component64Bit == 0 {
			stmts = append(stmts, fmt.Sprintf("UPDATE `Component` SET `Attributes` = %d WHERE `Component` = '%s'",
				attr|component64Bit, r["Component"]))
		}
	}
	return stmts, nil
}

const serviceErrorControlVital = 0x8000

// vitalServiceSQL sets msidbServiceInstallErrorControlVital on every service,
// which wixl drops (ServiceInstall/@Vital): the package exists to install the
// service, so failing to create it must fail the install and roll back.
func vitalServiceSQL(ctx context.Context, db *msidb.DB, _ Arch) ([]string, error) {
	svcs, err := db.Table(ctx, "ServiceInstall")
	if err != nil {
		return nil, err
	}
	var stmts []string
	for _, r := range svcs.Rows {
		ec, err := strconv.Atoi(r["ErrorControl"])
		if err != nil {
			return nil, fmt.Errorf("service %s error control %q: %w", r["ServiceInstall"], r["ErrorControl"], err)
		}
		if ec&serviceErrorControlVital == 0 {
			stmts = append(stmts, fmt.Sprintf("UPDATE `ServiceInstall` SET `ErrorControl` = %d WHERE `ServiceInstall` = '%s'",
				ec|serviceErrorControlVital, r["ServiceInstall"]))
		}
	}
	return stmts, nil
}

var envRef = regexp.MustCompile(`^%[A-Za-z_][A-Za-z0-9_]*%`)

// expandableRegistrySQL writes values that start with an environment variable
// (the event source's %SystemRoot%\System32\EventCreate.exe) as REG_EXPAND_SZ,
// the "#%" prefix: wixl writes RegistryValue/@Type="expandable" as a plain
// REG_SZ, and the Event Log expands message-file paths only in REG_EXPAND_SZ.
func expandableRegistrySQL(ctx context.Context, db *msidb.DB, _ Arch) ([]string, error) {
	reg, err := db.Table(ctx, "Registry")
	if err != nil {
		return nil, err
	}
	var stmts []string
	for _, r := range reg.Rows {
		if v := registryValue(r["Value"]); v != r["Value"] {
			stmts = append(stmts, fmt.Sprintf("UPDATE `Registry` SET `Value` = '%s' WHERE `Registry` = '%s'",
				quote(v), r["Registry"]))
		}
	}
	return stmts, nil
}

// registryValue is the Registry table's form of a value wixl wrote: "#%"
// (REG_EXPAND_SZ) before one that starts with an environment variable.
func registryValue(v string) string {
	if envRef.MatchString(v) {
		return "#%" + v
	}
	return v
}

// securePropertiesSQL lists every public property in SecureCustomProperties
// (see msidb.PublicProperties for why), keeping what is there.
func securePropertiesSQL(ctx context.Context, db *msidb.DB, _ Arch) ([]string, error) {
	public, err := db.PublicProperties(ctx)
	if err != nil {
		return nil, err
	}
	secure, err := db.SecureCustomProperties(ctx)
	if err != nil {
		return nil, err
	}
	list := slices.Clone(secure)
	for _, p := range public {
		if !slices.Contains(list, p) {
			list = append(list, p)
		}
	}
	slices.Sort(list)
	value := strings.Join(list, ";")
	if secure == nil {
		return []string{fmt.Sprintf("INSERT INTO `Property` (`Property`, `Value`) VALUES ('SecureCustomProperties', '%s')", value)}, nil
	}
	return []string{fmt.Sprintf("UPDATE `Property` SET `Value` = '%s' WHERE `Property` = 'SecureCustomProperties'", value)}, nil
}

// insertSQL re-inserts row r with column col set to value. Empty columns are
// left out: libmsi's SQL has no NULL literal. Columns in ints are unquoted.
func insertSQL(table string, r msidb.Row, col, value string, ints []string) string {
	r = maps.Clone(r)
	r[col] = value
	var cols, vals []string
	for _, c := range slices.Sorted(maps.Keys(r)) {
		if r[c] == "" {
			continue
		}
		cols = append(cols, "`"+c+"`")
		if slices.Contains(ints, c) {
			vals = append(vals, r[c])
		} else {
			vals = append(vals, "'"+quote(r[c])+"'")
		}
	}
	return fmt.Sprintf("INSERT INTO `%s` (%s) VALUES (%s)", table, strings.Join(cols, ", "), strings.Join(vals, ", "))
}

// quote doubles single quotes for a libmsi string literal.
func quote(s string) string { return strings.ReplaceAll(s, "'", "''") }
