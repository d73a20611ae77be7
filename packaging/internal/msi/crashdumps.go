package msi

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/svcpack/svcpack/packaging/internal/msidb"
)

// localDumpsRoot is Windows Error Reporting's per-program dump settings key.
const localDumpsRoot = `SOFTWARE\Microsoft\Windows\Windows Error Reporting\LocalDumps\`

// localDumpsValues are the values the crash-dumps component writes; a key
// holding any of them for the exe already has settings.
var localDumpsValues = []string{"DumpFolder", "DumpCount", "DumpType"}

// crashDumpsConditionSQL gives the component that writes the exe's LocalDumps
// key the condition wixl cannot author (docs/platform.md): install it only
// when AppSearch found none of its values on the machine, or found the
// product's own DumpFolder (an older version's key, or this one's on repair;
// compared ignoring case, as Windows compares paths: in the Registry table's
// "#%" form, or expanded as Wine's AppSearch returns it, which the template's
// ProductDumpFolder action computes). An admin's own settings
// for the exe are left as they are: the component is not installed, so
// install does not overwrite them and uninstall does not delete them. The
// searches are the template's (AppSearch + RegLocator, raw, so a REG_EXPAND_SZ
// comes back as "#%" and the unexpanded text, the form the Registry table
// holds); a package that writes the key without them is refused.
func crashDumpsConditionSQL(ctx context.Context, db *msidb.DB, _ Arch) ([]string, error) {
	reg, err := db.Table(ctx, "Registry")
	if err != nil {
		return nil, err
	}
	var key, component, folder, raw string
	for _, r := range reg.Rows {
		k := strings.TrimSuffix(r["Key"], `\`) // wixl ends every key with one
		if r["Root"] != "2" || !strings.HasPrefix(strings.ToLower(k), strings.ToLower(localDumpsRoot)) {
			continue
		}
		key, component = k, r["Component_"]
		if r["Name"] == "DumpFolder" {
			raw, folder = r["Value"], registryValue(r["Value"])
		}
	}
	if component == "" {
		return nil, nil // no crash dumps: nothing to guard
	}
	if folder == "" {
		return nil, fmt.Errorf("component %s writes HKLM\\%s without a DumpFolder value", component, key)
	}
	props, err := registrySearches(ctx, db, key)
	if err != nil {
		return nil, err
	}
	var none []string
	for _, name := range localDumpsValues {
		if props[name] == "" {
			return nil, fmt.Errorf("component %s writes HKLM\\%s but no AppSearch reads its %s: an admin's own value would be overwritten", component, key, name)
		}
		none = append(none, "NOT "+props[name])
	}
	if strings.Contains(folder, `"`) {
		return nil, fmt.Errorf("HKLM\\%s DumpFolder %q: a quote cannot stand in a condition's string", key, folder)
	}
	expanded, err := expandedFolderProperty(ctx, db, raw)
	if err != nil {
		return nil, err
	}
	cond := fmt.Sprintf(`(%s) OR %s ~= "%s" OR %s ~= %s`, strings.Join(none, " AND "), props["DumpFolder"], folder, props["DumpFolder"], expanded)
	return []string{fmt.Sprintf("UPDATE `Component` SET `Condition` = '%s' WHERE `Component` = '%s'", quote(cond), quote(component))}, nil
}

// registrySearches maps each value name of HKLM\key that an AppSearch reads
// raw to the property it sets.
func registrySearches(ctx context.Context, db *msidb.DB, key string) (map[string]string, error) {
	search, err := db.Table(ctx, "AppSearch")
	if err != nil {
		return nil, err
	}
	loc, err := db.Table(ctx, "RegLocator")
	if err != nil {
		return nil, err
	}
	props := map[string]string{}
	for _, s := range search.Rows {
		for _, l := range loc.Find("Signature_", s["Signature_"]) {
			typ := l["Type"]
			if l["Root"] == "2" && strings.EqualFold(strings.TrimSuffix(l["Key"], `\`), key) && (typ == "2" || typ == "18") {
				props[l["Name"]] = s["Property"]
			}
		}
	}
	return props, nil
}

// productDumpFolder is the template's action that sets the private property of
// the same name to the product's DumpFolder, expanded.
const productDumpFolder = "ProductDumpFolder"

// expandedFolderProperty checks that the template's ProductDumpFolder action
// (type 51, set a property) formats the same folder as the Registry row's
// DumpFolder, with each %VAR% written [%VAR], and returns its property.
func expandedFolderProperty(ctx context.Context, db *msidb.DB, folder string) (string, error) {
	ca, err := db.Table(ctx, "CustomAction")
	if err != nil {
		return "", err
	}
	want := envRef.ReplaceAllStringFunc(folder, func(v string) string { return "[%" + strings.Trim(v, "%") + "]" })
	rows := ca.Find("Action", productDumpFolder)
	if len(rows) != 1 || !setsProperty(rows[0]["Type"]) || rows[0]["Source"] != productDumpFolder || rows[0]["Target"] != want {
		return "", fmt.Errorf("custom action %s %v: want type 51 setting %s to %q, the DumpFolder %q expanded", productDumpFolder, rows, productDumpFolder, want, folder)
	}
	return productDumpFolder, nil
}

// setsProperty: a custom action type whose base (the low six bits) is 51,
// set a property from formatted text; wixl adds option bits.
func setsProperty(typ string) bool {
	n, err := strconv.Atoi(typ)
	return err == nil && n&0x3F == 51
}
