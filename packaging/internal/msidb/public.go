package msidb

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// PublicProperties lists the public properties (all upper case) the package
// uses and an admin or the client may hand to the server: Property rows,
// Upgrade action properties,
// properties set by type-51 custom actions or referenced as [NAME] in a
// custom action's target, and public directories (INSTALLFOLDER) an admin may
// redirect. Every one must be in SecureCustomProperties, or a managed
// (GPO/SCCM/Intune) install silently drops it on the way to the elevated
// server. Windows Installer's own restricted public properties (ALLUSERS,
// ARP*, MSI*, REMOVE, …) always get through and are left out.
//
// AppSearch results are left out, unless a Property row or custom action
// makes them one of the above: the server runs AppSearch itself, and what it
// finds on the machine (a remembered value) must not be replaceable by a value
// a standard user passes in on a repair.
func (d *DB) PublicProperties(ctx context.Context) ([]string, error) {
	if err := d.Load(ctx, "Property", "AppSearch", "Upgrade", "Directory", "CustomAction"); err != nil {
		return nil, err
	}
	search, err := d.Table(ctx, "AppSearch")
	if err != nil {
		return nil, err
	}
	var found []string
	for _, r := range search.Rows {
		found = append(found, r["Property"])
	}
	var names []string
	add := func(name string) {
		if isPublic(name) && !isRestricted(name) && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	for _, src := range []struct{ table, column string }{
		{"Property", "Property"},
		{"Upgrade", "ActionProperty"},
		{"Directory", "Directory"},
	} {
		t, err := d.Table(ctx, src.table)
		if err != nil {
			return nil, err
		}
		for _, r := range t.Rows {
			add(r[src.column])
		}
	}
	ca, err := d.Table(ctx, "CustomAction")
	if err != nil {
		return nil, err
	}
	for _, r := range ca.Rows {
		if isSetProperty(r["Type"]) {
			add(r["Source"])
		}
		for _, m := range propertyRef.FindAllStringSubmatch(r["Target"], -1) {
			if !slices.Contains(found, m[1]) {
				add(m[1])
			}
		}
	}
	slices.Sort(names)
	return names, nil
}

var (
	publicName  = regexp.MustCompile(`^[A-Z_][A-Z0-9_.]*$`)
	propertyRef = regexp.MustCompile(`\[([A-Z_][A-Z0-9_.]*)\]`)
)

func isPublic(name string) bool { return publicName.MatchString(name) }

// isSetProperty reports a type-51 custom action (set a property from
// formatted text), whatever its scheduling bits.
func isSetProperty(typ string) bool {
	n, err := strconv.Atoi(typ)
	return err == nil && n&0x3F == 51
}

func isRestricted(name string) bool {
	switch name {
	case "ALLUSERS", "TARGETDIR", "REMOVE", "REINSTALL", "REINSTALLMODE", "REBOOT", "ADDLOCAL", "ADDSOURCE",
		"ADVERTISE", "INSTALLLEVEL", "TRANSFORMS", "PATCH", "LIMITUI", "LOGACTION", "EXECUTEACTION",
		"COMPANYNAME", "USERNAME", "PRODUCTLANGUAGE", "PRIMARYFOLDER", "ROOTDRIVE", "SECURECUSTOMPROPERTIES":
		return true
	}
	return strings.HasPrefix(name, "ARP") || strings.HasPrefix(name, "MSI")
}

// SecureCustomProperties returns the package's SecureCustomProperties list.
func SecureCustomProperties(ctx context.Context, path string) ([]string, error) {
	return Open(path).SecureCustomProperties(ctx)
}

// SecureCustomProperties is the package's SecureCustomProperties of this MSI.
func (d *DB) SecureCustomProperties(ctx context.Context) ([]string, error) {
	props, err := d.Table(ctx, "Property")
	if err != nil {
		return nil, err
	}
	rows := props.Find("Property", "SecureCustomProperties")
	if len(rows) == 0 || rows[0]["Value"] == "" {
		return nil, nil
	}
	return strings.Split(rows[0]["Value"], ";"), nil
}
