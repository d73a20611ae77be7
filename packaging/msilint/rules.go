package msilint

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Rule names, as a failing build prints them.
const (
	RuleServiceArgs        = "service-args"
	RuleServiceAccount     = "service-account"
	RuleServiceControl     = "service-control"
	RuleRemoveExisting     = "remove-existing-products"
	RuleConfigureAction    = "configure-action"
	RuleConfigureSequence  = "configure-sequence"
	RuleSecureProperties   = "secure-properties"
	RuleComponent64        = "component-64bit"
	RuleTemplate           = "template"
	RuleProductVersion     = "product-version"
	serviceControlDesigned = eventStartInstall | eventStopInstall | eventStopUninstall | eventDeleteUninstall
)

// ServiceControl events (msidbServiceControlEvent*).
const (
	eventStartInstall    = 0x001
	eventStopInstall     = 0x002
	eventStopUninstall   = 0x020
	eventDeleteUninstall = 0x080
)

// CustomAction type bits.
const (
	caContinue      = 0x040 // Return="ignore": a failure would not roll back
	caInScript      = 0x400 // deferred
	caNoImpersonate = 0x800
)

var rules = []struct {
	name  string
	check func(*db, Want) []string
}{
	{RuleServiceArgs, serviceArgs},
	{RuleServiceAccount, serviceAccount},
	{RuleServiceControl, serviceControl},
	{RuleRemoveExisting, removeExisting},
	{RuleConfigureAction, configureAction},
	{RuleConfigureSequence, configureSequence},
	{RuleSecureProperties, secureProperties},
	{RuleComponent64, component64},
	{RuleTemplate, template},
	{RuleProductVersion, productVersion},
}

// serviceArgs: the SCM starts the program with the explicit service argument,
// the only reliable way for it to know it is a service (Wine, containers).
func serviceArgs(d *db, w Want) []string {
	want := strings.Join(w.ServiceArgs, " ")
	var bad []string
	rows := d.tables["ServiceInstall"].Rows
	if len(rows) == 0 {
		return []string{"no ServiceInstall row"}
	}
	for _, r := range rows {
		if r["Arguments"] != want {
			bad = append(bad, fmt.Sprintf("ServiceInstall %s has Arguments %q, want %q", r["ServiceInstall"], r["Arguments"], want))
		}
	}
	return bad
}

// serviceAccount: never LocalSystem, which an empty StartName also means.
func serviceAccount(d *db, _ Want) []string {
	var bad []string
	for _, r := range d.tables["ServiceInstall"].Rows {
		switch strings.ToLower(r["StartName"]) {
		case "", "localsystem", `.\localsystem`, `nt authority\system`:
			bad = append(bad, fmt.Sprintf("ServiceInstall %s runs as %q (LocalSystem); use the least-privilege account", r["ServiceInstall"], r["StartName"]))
		}
	}
	return bad
}

// serviceControl: start on install, stop on install and uninstall, delete on
// uninstall, and wait for each.
func serviceControl(d *db, _ Want) []string {
	var bad []string
	for _, s := range d.tables["ServiceInstall"].Rows {
		rows := d.tables["ServiceControl"].Find("Name", s["Name"])
		if len(rows) != 1 {
			bad = append(bad, fmt.Sprintf("service %s has %d ServiceControl rows, want 1", s["Name"], len(rows)))
			continue
		}
		r := rows[0]
		if r["Event"] != strconv.Itoa(serviceControlDesigned) || r["Wait"] != "1" {
			bad = append(bad, fmt.Sprintf("ServiceControl %s has Event %s Wait %q, want Event %d (start install, stop both, remove uninstall) Wait 1",
				r["ServiceControl"], r["Event"], r["Wait"], serviceControlDesigned))
		}
	}
	return bad
}

// removeExisting: removing the old version is inside the transaction.
func removeExisting(d *db, _ Want) []string {
	rep, ok := sequenceOf(d, "RemoveExistingProducts")
	if !ok {
		return []string{"no RemoveExistingProducts in InstallExecuteSequence"}
	}
	init, _ := sequenceOf(d, "InstallInitialize")
	final, _ := sequenceOf(d, "InstallFinalize")
	if rep <= init || rep >= final {
		return []string{fmt.Sprintf("RemoveExistingProducts at %d, outside InstallInitialize (%d) .. InstallFinalize (%d)", rep, init, final)}
	}
	return nil
}

// configureAction: deferred, no-impersonate (runs as LocalSystem in the
// transaction, so a failure rolls back), result checked.
func configureAction(d *db, w Want) []string {
	ca, ok := findConfigure(d, w)
	if !ok {
		return []string{fmt.Sprintf("no custom action runs %q", strings.Join(w.ConfigureArgs, " "))}
	}
	typ, err := strconv.Atoi(ca["Type"])
	if err != nil {
		return []string{fmt.Sprintf("custom action %s has type %q", ca["Action"], ca["Type"])}
	}
	var bad []string
	if typ&caInScript == 0 {
		bad = append(bad, fmt.Sprintf("custom action %s (type %d) is not deferred", ca["Action"], typ))
	}
	if typ&caNoImpersonate == 0 {
		bad = append(bad, fmt.Sprintf("custom action %s (type %d) impersonates the user", ca["Action"], typ))
	}
	if typ&caContinue != 0 {
		bad = append(bad, fmt.Sprintf("custom action %s (type %d) ignores its exit code", ca["Action"], typ))
	}
	return bad
}

// configureSequence: after InstallServices (the service exists), before
// StartServices (it starts configured), and not on removal.
func configureSequence(d *db, w Want) []string {
	ca, ok := findConfigure(d, w)
	if !ok {
		return nil // configure-action reports it
	}
	rows := d.tables["InstallExecuteSequence"].Find("Action", ca["Action"])
	if len(rows) == 0 {
		return []string{fmt.Sprintf("custom action %s is not in InstallExecuteSequence", ca["Action"])}
	}
	seq, _ := strconv.Atoi(rows[0]["Sequence"])
	install, _ := sequenceOf(d, "InstallServices")
	start, _ := sequenceOf(d, "StartServices")
	var bad []string
	if seq <= install || seq >= start {
		bad = append(bad, fmt.Sprintf("custom action %s at %d, outside InstallServices (%d) .. StartServices (%d)", ca["Action"], seq, install, start))
	}
	if cond := strings.ReplaceAll(rows[0]["Condition"], " ", ""); !strings.Contains(cond, `NOTREMOVE~="ALL"`) {
		bad = append(bad, fmt.Sprintf("custom action %s has condition %q, want it to exclude removal (NOT REMOVE~=\"ALL\")", ca["Action"], rows[0]["Condition"]))
	}
	return bad
}

// secureProperties: a public property missing here is dropped by a managed install.
func secureProperties(d *db, _ Want) []string {
	var bad []string
	for _, p := range d.public {
		if !slices.Contains(d.secure, p) {
			bad = append(bad, fmt.Sprintf("public property %s is not in SecureCustomProperties", p))
		}
	}
	return bad
}

func component64(d *db, w Want) []string {
	if !w.Win64 {
		return nil
	}
	var bad []string
	for _, r := range d.tables["Component"].Rows {
		if attr, err := strconv.Atoi(r["Attributes"]); err != nil || attr&256 == 0 {
			bad = append(bad, fmt.Sprintf("component %s is 32-bit (Attributes %s) in a 64-bit package", r["Component"], r["Attributes"]))
		}
	}
	return bad
}

func template(d *db, w Want) []string {
	if d.summary.Template != w.Template {
		return []string{fmt.Sprintf("Template is %q, want %q", d.summary.Template, w.Template)}
	}
	return nil
}

func productVersion(d *db, w Want) []string {
	rows := d.tables["Property"].Find("Property", "ProductVersion")
	if len(rows) != 1 || rows[0]["Value"] != w.ProductVersion {
		got := ""
		if len(rows) > 0 {
			got = rows[0]["Value"]
		}
		return []string{fmt.Sprintf("ProductVersion is %q, want %q", got, w.ProductVersion)}
	}
	return nil
}

func findConfigure(d *db, w Want) (map[string]string, bool) {
	prefix := strings.Join(w.ConfigureArgs, " ")
	for _, r := range d.tables["CustomAction"].Rows {
		if strings.HasPrefix(r["Target"], prefix) {
			return r, true
		}
	}
	return nil, false
}

func sequenceOf(d *db, action string) (int, bool) {
	rows := d.tables["InstallExecuteSequence"].Find("Action", action)
	if len(rows) == 0 {
		return 0, false
	}
	n, err := strconv.Atoi(rows[0]["Sequence"])
	return n, err == nil
}
