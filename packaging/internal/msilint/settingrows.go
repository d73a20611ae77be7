package msilint

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// RuleSettingRows: every property that reaches a program setting has all of
// its rows, which svcpack msi renders from the product file and a team's own
// WiX source (svcpack.yaml's wxs:) must carry too.
const RuleSettingRows = "setting-rows"

// Setting is a public property that reaches a program setting through the
// registry channel (svcpack.yaml: a property with setting:).
type Setting struct {
	Property string // LISTEN
	Key      string // listen: Given\<key> and Remembered\<key> under the installer key
}

// caSetProperty is the custom action type that sets a property from
// formatted text (type 51), the low bits of Type.
const caSetProperty = 51

// rowsFix is where every finding of setting-rows points.
const rowsFix = "svcpack msi generates these rows when svcpack.yaml has no wxs:; a team's own WiX source must carry them " +
	"as svcpack's template (packaging/internal/msi/template/service.wxs.tmpl) renders them for each property with a setting"

// settingRows checks, for each setting property P with key K under the
// installer key: the validation (a check that sets InvalidProperty naming
// [P], before LaunchConditions in both sequences); the remembered search
// (REMEMBERED_P, AppSearch of Remembered\K); the Keep actions (the property
// written to Remembered\K, set from [P] and from [REMEMBERED_P]); the
// Changed action (the property written to Given\K, set from [P] when it
// differs from REMEMBERED_P); the two change checks (InvalidProperty set
// when a Changed property is set and the repair does not rewrite the
// registry, or the user is not an administrator). Each missing row is a
// finding of its own.
func settingRows(d *db, w Want) []string {
	if w.InstallerKey == "" {
		return nil
	}
	var bad []string
	for _, s := range w.Settings {
		for _, problem := range settingProblems(d, w.InstallerKey, s) {
			bad = append(bad, fmt.Sprintf("property %s (setting %s): %s; %s", s.Property, s.Key, problem, rowsFix))
		}
	}
	return bad
}

func settingProblems(d *db, key string, s Setting) []string {
	p, remembered := s.Property, "REMEMBERED_"+s.Property
	var bad []string
	launchExec, _ := sequenceOf(d, "LaunchConditions")
	launchUI, _ := sequenceIn(d, "InstallUISequence", "LaunchConditions")
	search, _ := sequenceOf(d, "AppSearch")
	initialize, _ := sequenceOf(d, "InstallInitialize")

	// The validation, in both sequences: the client checks what was given, the server again.
	valid := false
	for _, ca := range setters(d, "InvalidProperty") {
		if strings.Contains(ca["Target"], "["+p+"]") &&
			scheduled(d, "InstallExecuteSequence", ca["Action"], p, search, launchExec) &&
			scheduled(d, "InstallUISequence", ca["Action"], p, 0, launchUI) {
			valid = true
		}
	}
	if !valid {
		bad = append(bad, fmt.Sprintf("no validation row: a custom action that sets InvalidProperty to a message naming [%s], "+
			"in InstallUISequence and InstallExecuteSequence before LaunchConditions, with a condition on %s", p, p))
	}

	// The remembered value, searched by the server itself.
	if !remembers(d, remembered, key+`\Remembered`, s.Key) {
		bad = append(bad, fmt.Sprintf(`no remembered-value search: %s by AppSearch of HKLM\%s\Remembered, value %s`, remembered, key, s.Key))
	}

	// Remembered\<key>, from the Keep actions.
	keep, ok := registryValue(d, key+`\Remembered`, s.Key)
	switch {
	case !ok:
		bad = append(bad, fmt.Sprintf(`no Remembered registry value: HKLM\%s\Remembered, value %s = [a private property] in an installed component`, key, s.Key))
	default:
		if !setFrom(d, keep, p, p, search, initialize) {
			bad = append(bad, fmt.Sprintf("no keep action for a given value: %s (what Remembered\\%s holds) set from [%s] when %s is given, after AppSearch", keep, s.Key, p, p))
		}
		if !setFrom(d, keep, remembered, remembered, search, initialize) {
			bad = append(bad, fmt.Sprintf("no keep action for the remembered value: %s (what Remembered\\%s holds) set from [%s] when %s is not given, after AppSearch", keep, s.Key, remembered, p))
		}
	}

	// Given\<key>, from the Changed action, and the two checks that read it.
	changed, ok := registryValue(d, key+`\Given`, s.Key)
	if !ok {
		bad = append(bad, fmt.Sprintf(`no Given registry value: HKLM\%s\Given, value %s = [a private property] in an installed component`, key, s.Key))
		return bad
	}
	changedAt, ok := setFromAt(d, changed, p, remembered, search, launchExec)
	if !ok {
		return append(bad, fmt.Sprintf("no changed action: %s (what Given\\%s holds) set from [%s] when it differs from %s, after AppSearch and before LaunchConditions", changed, s.Key, p, remembered))
	}
	for _, c := range []struct{ name, marker string }{
		{"ChangeNeedsRegistry (a change without a repair that rewrites the registry)", "REINSTALLMODE"},
		{"ChangeNeedsAdmin (a change by a user who is not an administrator)", "AdminUser"},
	} {
		found := false
		for _, ca := range setters(d, "InvalidProperty") {
			seq, cond, ok := sequenced(d, "InstallExecuteSequence", ca["Action"])
			if ok && seq > changedAt && seq < launchExec && strings.Contains(cond, c.marker) && mentions(cond, changed) {
				found = true
			}
		}
		if !found {
			bad = append(bad, fmt.Sprintf("%s in no change check: %s's condition must name it, after the changed action and before LaunchConditions", changed, c.name))
		}
	}
	return bad
}

// setters are the type 51 custom actions that set property.
func setters(d *db, property string) []map[string]string {
	var out []map[string]string
	for _, r := range d.tables["CustomAction"].Find("Source", property) {
		if typ, err := strconv.Atoi(r["Type"]); err == nil && typ&0x3F == caSetProperty {
			out = append(out, r)
		}
	}
	return out
}

// scheduled: action is in table strictly between after and before, with a
// condition that names prop.
func scheduled(d *db, table, action, prop string, after, before int) bool {
	seq, cond, ok := sequenced(d, table, action)
	return ok && seq > after && seq < before && mentions(cond, prop)
}

// setFrom: a type 51 action sets property to exactly [from], in
// InstallExecuteSequence between after and before, on a condition naming when.
func setFrom(d *db, property, from, when string, after, before int) bool {
	_, ok := setFromAt(d, property, from, when, after, before)
	return ok
}

// setFromAt is setFrom, and the action's sequence number.
func setFromAt(d *db, property, from, when string, after, before int) (int, bool) {
	for _, ca := range setters(d, property) {
		if ca["Target"] != "["+from+"]" {
			continue
		}
		seq, cond, ok := sequenced(d, "InstallExecuteSequence", ca["Action"])
		if ok && seq > after && seq < before && mentions(cond, from) && mentions(cond, when) {
			return seq, true
		}
	}
	return 0, false
}

// remembers: property is an AppSearch result read from HKLM\key, value name.
func remembers(d *db, property, key, name string) bool {
	for _, a := range d.tables["AppSearch"].Find("Property", property) {
		for _, l := range d.tables["RegLocator"].Find("Signature_", a["Signature_"]) {
			if l["Root"] == "2" && sameKey(l["Key"], key) && l["Name"] == name {
				return true
			}
		}
	}
	return false
}

// registryValue is the private property whose value an installed component
// writes to HKLM\key, value name ("[property]").
func registryValue(d *db, key, name string) (string, bool) {
	for _, r := range d.tables["Registry"].Find("Name", name) {
		if r["Root"] != "2" || !sameKey(r["Key"], key) {
			continue
		}
		if len(d.tables["FeatureComponents"].Find("Component_", r["Component_"])) == 0 {
			continue
		}
		if m := wholeReference.FindStringSubmatch(r["Value"]); m != nil {
			return m[1], true
		}
	}
	return "", false
}

// wholeReference is a formatted value that is one property reference.
var wholeReference = regexp.MustCompile(`^\[([A-Za-z_][A-Za-z0-9_.]*)\]$`)

// sameKey compares registry key paths: case aside, a trailing backslash aside.
func sameKey(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, `\`), strings.TrimSuffix(b, `\`))
}

// mentions reports whether a condition names property as a whole word.
func mentions(cond, property string) bool {
	return regexp.MustCompile(`(^|[^A-Za-z0-9_.])` + regexp.QuoteMeta(property) + `($|[^A-Za-z0-9_.])`).MatchString(cond)
}

// sequenced is action's sequence number and condition in table.
func sequenced(d *db, table, action string) (int, string, bool) {
	rows := d.tables[table].Find("Action", action)
	if len(rows) == 0 {
		return 0, "", false
	}
	n, err := strconv.Atoi(rows[0]["Sequence"])
	return n, rows[0]["Condition"], err == nil
}

// sequenceIn is action's sequence number in table.
func sequenceIn(d *db, table, action string) (int, bool) {
	n, _, ok := sequenced(d, table, action)
	return n, ok
}
