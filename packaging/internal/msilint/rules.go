package msilint

import (
	"fmt"
	"regexp"
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
	RuleConstantCommands   = "constant-command-lines"
	RuleSearchNotSecure    = "search-not-secure"
	RulePreflightAction    = "preflight-action"
	RulePreflightSequence  = "preflight-sequence"
	RuleConfigureAction    = "configure-action"
	RuleConfigureSequence  = "configure-sequence"
	RuleRemoveDataAction   = "remove-data-action"
	RuleRemoveDataSequence = "remove-data-sequence"
	RuleSecureProperties   = "secure-properties"
	RuleComponent64        = "component-64bit"
	RuleTemplate           = "template"
	RuleProductVersion     = "product-version"
	RuleProductIdentity    = "product-identity"
	RuleServiceIdentity    = "service-identity"
	RuleInstallerKey       = "installer-key"
	RuleAdminProperties    = "admin-properties"
	serviceControlDesigned = eventStartInstall | eventStopInstall | eventStopUninstall | eventDeleteUninstall
)

// ServiceControl events (msidbServiceControlEvent*).
const (
	eventStartInstall    = 0x001
	eventStopInstall     = 0x002
	eventStopUninstall   = 0x020
	eventDeleteUninstall = 0x080
)

// CustomAction type bits, and the source types that start a program.
const (
	caExeBinary     = 2     // exe stored in the Binary table
	caExeFile       = 18    // exe installed by the package (FileKey)
	caExeDirectory  = 34    // exe found in a directory
	caExeProperty   = 50    // exe named by a property
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
	{RuleConstantCommands, constantCommands},
	{RuleSearchNotSecure, searchNotSecure},
	{RulePreflightAction, preflightAction},
	{RulePreflightSequence, preflightSequence},
	{RuleConfigureAction, configureAction},
	{RuleConfigureSequence, configureSequence},
	{RuleRemoveDataAction, removeDataAction},
	{RuleRemoveDataSequence, removeDataSequence},
	{RuleSecureProperties, secureProperties},
	{RuleComponent64, component64},
	{RuleTemplate, template},
	{RuleProductVersion, productVersion},
	{RuleProductIdentity, productIdentity},
	{RuleServiceIdentity, serviceIdentity},
	{RuleInstallerKey, installerKey},
	{RuleAdminProperties, adminProperties},
	{RuleSettingRows, settingRows},
	{RuleCrashDumps, crashDumps},
	{RuleInstalledFiles, installedFiles},
	{RuleCodeShapes, codeShapes},
	{RuleSummaryDates, summaryDates},
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

// commandChars is all a command line a custom action runs may hold: words,
// paths and flags. An allowlist, so that no formatted reference ([PROPERTY],
// [#file], [%VAR]), quote or control character gets in by any spelling.
var commandChars = regexp.MustCompile(`^[A-Za-z0-9 ._:\\-]*$`)

// constantCommands: no custom action that starts a program has anything in
// its command line that a property (set by a user, a transform or the
// machine) could change. A value spliced into a command line can be split
// into more arguments (Windows splits on tabs as well as spaces), and these
// actions run as LocalSystem. Values reach them through the registry.
func constantCommands(d *db, _ Want) []string {
	var bad []string
	for _, r := range d.tables["CustomAction"].Rows {
		typ, err := strconv.Atoi(r["Type"])
		if err != nil {
			bad = append(bad, fmt.Sprintf("custom action %s has type %q", r["Action"], r["Type"]))
			continue
		}
		switch typ & 0x3F {
		case caExeBinary, caExeFile, caExeDirectory, caExeProperty:
		default:
			continue
		}
		if typ&0x3F == caExeProperty {
			bad = append(bad, fmt.Sprintf("custom action %s runs the program the property %s names", r["Action"], r["Source"]))
		}
		if !commandChars.MatchString(r["Target"]) {
			bad = append(bad, fmt.Sprintf("custom action %s runs %q: a command line may hold only letters, digits, spaces and ._:\\- (no [PROPERTY], quotes or control characters); pass values through the registry", r["Action"], r["Target"]))
		}
	}
	return bad
}

// searchNotSecure: what AppSearch finds on the machine (the remembered values)
// is not in SecureCustomProperties, so a standard user's repair cannot pass a
// value of its own in its place.
func searchNotSecure(d *db, _ Want) []string {
	var bad []string
	for _, r := range d.tables["AppSearch"].Rows {
		if slices.Contains(d.secure, r["Property"]) {
			bad = append(bad, fmt.Sprintf("AppSearch property %s is in SecureCustomProperties: a user could replace what the machine remembers", r["Property"]))
		}
	}
	return bad
}

// preflightAction: the check for a foreign service of the same name runs as
// LocalSystem inside the transaction and fails the install when it fails.
func preflightAction(d *db, w Want) []string {
	ca, ok := findAction(d, w.PreflightArgs)
	if !ok {
		return []string{fmt.Sprintf("no custom action runs %q", strings.Join(w.PreflightArgs, " "))}
	}
	return deferredChecked(ca)
}

// preflightSequence: after InstallFiles (the exe is there), before
// InstallServices (which would reconfigure an existing service), not on removal.
func preflightSequence(d *db, w Want) []string {
	return installStepSequence(d, w.PreflightArgs, "InstallFiles", "InstallServices")
}

// installStepSequence checks that the custom action running args (reported
// missing by its action rule) is sequenced strictly between after and
// before, and excluded from removal.
func installStepSequence(d *db, args []string, after, before string) []string {
	ca, ok := findAction(d, args)
	if !ok {
		return nil
	}
	bad, cond := sequencedBetween(d, ca["Action"], after, before)
	if !strings.Contains(compact(cond), `NOTREMOVE~="ALL"`) {
		bad = append(bad, fmt.Sprintf("custom action %s has condition %q, want it to exclude removal (NOT REMOVE~=\"ALL\")", ca["Action"], cond))
	}
	return bad
}

// configureAction: deferred, no-impersonate (runs as LocalSystem in the
// transaction, so a failure rolls back), result checked.
func configureAction(d *db, w Want) []string {
	ca, ok := findAction(d, w.ConfigureArgs)
	if !ok {
		return []string{fmt.Sprintf("no custom action runs %q", strings.Join(w.ConfigureArgs, " "))}
	}
	return deferredChecked(ca)
}

// configureSequence: after InstallServices (the service exists), before
// StartServices (it starts configured), and not on removal.
func configureSequence(d *db, w Want) []string {
	return installStepSequence(d, w.ConfigureArgs, "InstallServices", "StartServices")
}

// RemoveDataProperty is the public property that makes uninstall remove the
// data directory too.
const RemoveDataProperty = "REMOVEDATA"

// removeDataAction: the action that removes the data directory on request
// runs as LocalSystem (the directory's ACL), deferred and checked like
// configure, and its property gets through a managed uninstall.
func removeDataAction(d *db, w Want) []string {
	ca, ok := findAction(d, w.RemoveDataArgs)
	if !ok {
		return []string{fmt.Sprintf("no custom action runs %q", strings.Join(w.RemoveDataArgs, " "))}
	}
	bad := deferredChecked(ca)
	if !slices.Contains(d.secure, RemoveDataProperty) {
		bad = append(bad, fmt.Sprintf("%s is not in SecureCustomProperties: a managed uninstall would drop it", RemoveDataProperty))
	}
	return bad
}

// removeDataSequence: after DeleteServices (the service no longer holds its
// log), before RemoveFiles (the exe is still there), and only on a removal
// that asked for it and is not part of an upgrade.
func removeDataSequence(d *db, w Want) []string {
	ca, ok := findAction(d, w.RemoveDataArgs)
	if !ok {
		return nil // remove-data-action reports it
	}
	bad, cond := sequencedBetween(d, ca["Action"], "DeleteServices", "RemoveFiles")
	c := compact(cond)
	for _, part := range []string{`REMOVE~="ALL"`, RemoveDataProperty + `="1"`, "NOTUPGRADINGPRODUCTCODE"} {
		if !strings.Contains(c, part) || strings.Contains(c, `NOTREMOVE~="ALL"`) {
			bad = append(bad, fmt.Sprintf("custom action %s has condition %q, want REMOVE~=\"ALL\" AND %s=\"1\" AND NOT UPGRADINGPRODUCTCODE",
				ca["Action"], cond, RemoveDataProperty))
			break
		}
	}
	return bad
}

// deferredChecked: a custom action that changes the machine runs deferred,
// without impersonation (as LocalSystem, inside the transaction), and fails
// the installation when it fails.
func deferredChecked(ca map[string]string) []string {
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

// sequencedBetween checks that action is in InstallExecuteSequence strictly
// between after and before; it returns the findings and the action's condition.
func sequencedBetween(d *db, action, after, before string) (bad []string, cond string) {
	rows := d.tables["InstallExecuteSequence"].Find("Action", action)
	if len(rows) == 0 {
		return []string{fmt.Sprintf("custom action %s is not in InstallExecuteSequence", action)}, ""
	}
	seq, _ := strconv.Atoi(rows[0]["Sequence"])
	lo, _ := sequenceOf(d, after)
	hi, _ := sequenceOf(d, before)
	if seq <= lo || seq >= hi {
		bad = append(bad, fmt.Sprintf("custom action %s at %d, outside %s (%d) .. %s (%d)", action, seq, after, lo, before, hi))
	}
	return bad, rows[0]["Condition"]
}

// compact is a condition without spaces, for comparing its parts.
func compact(cond string) string { return strings.ReplaceAll(cond, " ", "") }

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
	if w.Template != "" && d.summary.Template != w.Template {
		return []string{fmt.Sprintf("Template is %q, want %q", d.summary.Template, w.Template)}
	}
	return nil
}

func productVersion(d *db, w Want) []string {
	if w.ProductVersion == "" {
		return nil
	}
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

// findAction finds the custom action whose target starts with args.
func findAction(d *db, args []string) (map[string]string, bool) {
	prefix := strings.Join(args, " ")
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

// property is the Property table's value of name, "" if there is none.
func property(d *db, name string) string {
	if rows := d.tables["Property"].Find("Property", name); len(rows) > 0 {
		return rows[0]["Value"]
	}
	return ""
}

// productIdentity: the package is the product the product file names — a
// .wxs that writes its own name or UpgradeCode would make upgrades miss the
// installed product or find another's.
func productIdentity(d *db, w Want) []string {
	var bad []string
	for _, c := range []struct{ prop, want string }{{"ProductName", w.ProductName}, {"Manufacturer", w.Manufacturer}} {
		if c.want != "" && property(d, c.prop) != c.want {
			bad = append(bad, fmt.Sprintf("%s is %q, the product file says %q", c.prop, property(d, c.prop), c.want))
		}
	}
	norm := func(s string) string { return strings.ToUpper(strings.Trim(s, "{}")) }
	if w.UpgradeCode != "" && norm(property(d, "UpgradeCode")) != norm(w.UpgradeCode) {
		bad = append(bad, fmt.Sprintf("UpgradeCode is %q, the product file says %q", property(d, "UpgradeCode"), w.UpgradeCode))
	}
	return bad
}

// serviceIdentity: one service, named as the product, run by the product
// file's account, waiting for the product file's dependencies.
func serviceIdentity(d *db, w Want) []string {
	if w.ServiceName == "" && w.Account == "" {
		return nil
	}
	rows := d.tables["ServiceInstall"].Rows
	if len(rows) != 1 {
		return []string{fmt.Sprintf("%d ServiceInstall rows, want the one service %q", len(rows), w.ServiceName)}
	}
	var bad []string
	if w.ServiceName != "" && !strings.EqualFold(rows[0]["Name"], w.ServiceName) {
		bad = append(bad, fmt.Sprintf("ServiceInstall %s installs the service %q, the product file says %q", rows[0]["ServiceInstall"], rows[0]["Name"], w.ServiceName))
	}
	if w.Account != "" && !strings.EqualFold(rows[0]["StartName"], w.Account) {
		bad = append(bad, fmt.Sprintf("ServiceInstall %s runs as %q, the product file says %q", rows[0]["ServiceInstall"], rows[0]["StartName"], w.Account))
	}
	if w.ServiceName != "" {
		bad = append(bad, dependenciesDiffer(rows[0], w)...)
	}
	return bad
}

// installerKey: the configure action reads the values the MSI writes under
// the product's own key, HKLM\SOFTWARE\<company>\<name>.
func installerKey(d *db, w Want) []string {
	if w.InstallerKey == "" {
		return nil
	}
	ca, ok := findAction(d, w.ConfigureArgs)
	if !ok {
		return nil // configure-action reports it
	}
	want := strings.Join(w.ConfigureArgs, " ") + " --installer-key " + w.InstallerKey
	if !strings.EqualFold(ca["Target"], want) {
		return []string{fmt.Sprintf("custom action %s runs %q, want %q", ca["Action"], ca["Target"], want)}
	}
	return nil
}

// adminProperties: the properties an admin may set are exactly the product
// file's — one the file does not describe has no allowlist or examples, and
// one the package lacks is silently ignored by msiexec.
func adminProperties(d *db, w Want) []string {
	if w.Properties == nil {
		return nil
	}
	internal := map[string]bool{}
	for _, r := range d.tables["AppSearch"].Rows {
		internal[r["Property"]] = true
	}
	for _, r := range d.tables["Upgrade"].Rows {
		internal[r["ActionProperty"]] = true
	}
	var bad []string
	for _, p := range d.secure {
		if !internal[p] && !slices.Contains(w.Properties, p) {
			bad = append(bad, fmt.Sprintf("public property %s is not in the product file's properties", p))
		}
	}
	for _, p := range w.Properties {
		switch {
		case internal[p]:
			bad = append(bad, fmt.Sprintf("the product file's property %s is filled in by AppSearch or Upgrade in the package, so what an admin gives is overwritten: search into another property (REMEMBERED_%s)", p, p))
		case !slices.Contains(d.public, p):
			bad = append(bad, fmt.Sprintf("the product file's property %s is never used by the package, so msiexec ignores it: "+
				"svcpack msi generates its rows when svcpack.yaml has no wxs:; a team's own WiX source must carry them (rule %s names them)", p, RuleSettingRows))
		case !slices.Contains(d.secure, p):
			bad = append(bad, fmt.Sprintf("the product file's property %s is not in SecureCustomProperties, which svcpack msi fills from the package's public properties: the package was changed after the build; build it again", p))
		}
	}
	return bad
}
