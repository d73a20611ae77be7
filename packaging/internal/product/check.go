package product

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/svcpack/svcpack/internal/winname"
	"github.com/svcpack/svcpack/service/clip"
)

// Allowlists. A value that ends up in a path, a registry key, a WiX attribute,
// a file name or a custom action's command line matches one of these; the
// message for a value that does not says the expected form.
var (
	// A service name: the Windows service key, <name>.exe, folders, NT SERVICE\<name>.
	nameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,63}$`)
	// A company: a folder under Program Files and a key under HKLM\SOFTWARE,
	// and a word of the configure action's constant command line (no space).
	companyRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)
	// Text shown to people in WiX attributes: no [ ] { } (formatted
	// references), no $ (preprocessor), no < > & " (XML), no control characters.
	textRE = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} ._,:;()'/+!?%\\=-]*$`)
	guidRE = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$`)
	// A package path relative to the module root; segments never start with a dot.
	mainRE = regexp.MustCompile(`^\.(/[A-Za-z0-9_][A-Za-z0-9_.-]*)+$`)
	// A file relative to the repository root, forward slashes, no . or .. segment.
	relFileRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$`)
	// The built-in service accounts; a group managed service account is
	// winname.IsGMSA's.
	accountRE     = regexp.MustCompile(`^NT AUTHORITY\\(LocalService|NetworkService)$`)
	propertyRE    = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,63}$`)
	settingRE     = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	urlRE         = regexp.MustCompile(`^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/%-]*)?$`)
	urlPathRE     = regexp.MustCompile(`^/[A-Za-z0-9._~/%-]*(\?[A-Za-z0-9._~%=&-]*)?$`)
	hostPortRE    = regexp.MustCompile(`^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$`)
	architectures = []string{"amd64", "386", "arm64"}
	startTypes    = []string{"auto", "delayed-auto", "manual"}
)

// Bounds on free text.
const (
	maxDisplayName = 256 // the SCM's limit on a display name
	maxDescription = 1024
	maxPattern     = 1024
	maxExample     = 64 << 10
)

// maxRestartDelay is the SCM's (milliseconds in a DWORD, 0xffffffff being
// INFINITE) and `service configure`'s bound; MaxRestartDelays is configure's
// bound on the list it reads from the installer key.
const (
	maxRestartDelay  = time.Duration(1<<32-2) * time.Millisecond
	MaxRestartDelays = 16
)

// maxResetPeriod is the SCM's: SERVICE_FAILURE_ACTIONS holds seconds in a DWORD.
const maxResetPeriod = time.Duration(1<<32-1) * time.Second

// The expected forms of a name and a company.
const (
	nameWant          = "a service name: a letter, then up to 63 letters, digits, _ or - (e.g. mysvc)"
	nameDeviceWant    = "a name that is not a Windows device name (CON, PRN, AUX, NUL, COM0–9, LPT0–9, CONIN$, CONOUT$, in any case): Windows opens the device instead of the file or folder"
	nameSystemWant    = "a name of the product's own, not one of the programs or services Windows runs: the exe name keys machine-wide settings (WER's LocalDumps would dump the real program into the product's folder) and the service name is Windows'"
	companyWant       = "a company name for paths and registry keys: letters, digits, _ . or -, no spaces, at most 64 (e.g. Contoso)"
	companyDotWant    = "a name that does not end in a dot (Windows drops it from folder names)"
	companyDeviceWant = "a company that is not a Windows device name (CON, PRN, AUX, NUL, COM0–9, LPT0–9, CONIN$, CONOUT$, in any case): Windows opens the device instead of the folder"
)

// nameProblem is the expected form name misses, "" if it is a valid product
// name: the service key, <name>.exe (which keys WER's LocalDumps for every
// program of that file name), folders and NT SERVICE\<name>.
func nameProblem(name string) string {
	switch {
	case !nameRE.MatchString(name):
		return nameWant
	case winname.IsDevice(name):
		return nameDeviceWant
	case winname.IsSystemProgram(name):
		return nameSystemWant
	}
	return ""
}

// companyProblem is the expected form company misses, "" if it is valid: a
// folder under Program Files and a key under HKLM\SOFTWARE.
func companyProblem(company string) string {
	switch {
	case !companyRE.MatchString(company):
		return companyWant
	case strings.HasSuffix(company, "."):
		return companyDotWant
	case winname.IsDevice(company):
		return companyDeviceWant
	}
	return ""
}

// CheckName applies the product file's rule for name to a value from
// elsewhere (svcpack init's --name); the error gives the expected form.
func CheckName(name string) error {
	if want := nameProblem(name); want != "" {
		return fmt.Errorf("%s is not valid: expected %s", clip.Quote(name), want)
	}
	return nil
}

// CheckCompany applies the product file's rule for company to a value
// from elsewhere (svcpack init's --company).
func CheckCompany(company string) error {
	if want := companyProblem(company); want != "" {
		return fmt.Errorf("%s is not valid: expected %s", clip.Quote(company), want)
	}
	return nil
}

// defaults fills what the file left out.
func (p *Product) defaults() {
	if p.Icon == "" && p.Name != "" {
		p.Icon = "wix/" + p.Name + ".ico"
	}
	if len(p.Architectures) == 0 {
		p.Architectures = slices.Clone(architectures)
	}
	if p.Service.Account == "" && p.Name != "" {
		p.Service.Account = `NT SERVICE\` + p.Name
	}
	if p.Service.Start == "" {
		p.Service.Start = "auto"
	}
	if !p.Service.Recovery.restartDelaysGiven {
		p.Service.Recovery.RestartDelays = []time.Duration{5 * time.Second, 30 * time.Second, 60 * time.Second}
	}
	if p.Service.Recovery.ResetPeriod == 0 {
		p.Service.Recovery.ResetPeriod = 24 * time.Hour
	}
	for i := range p.Properties {
		if p.Properties[i].AppliesTo == "" {
			p.Properties[i].AppliesTo = Install
		}
	}
	if !p.CrashDumps.countGiven {
		p.CrashDumps.Count = DefaultDumpCount
	}
	if p.CrashDumps.Type == "" {
		p.CrashDumps.Type = DumpFull
	}
	if p.Signing.Description == "" {
		p.Signing.Description = p.DisplayName
	}
	if p.Smoke.Request.Method == "" {
		p.Smoke.Request.Method = "GET"
	}
	if p.Smoke.Request.Status == 0 {
		p.Smoke.Request.Status = 200
	}
	p.policyDefaults()
	p.wrapDefaults()
	p.channelDefaults()
}

// checker reports problems at the line of the key they are about.
type checker struct {
	p    *Product
	errs *Errors
	root int // the line of the top-level mapping, for missing keys
}

// line is the line of path, or of the nearest parent that is in the file.
func (c *checker) line(path string) int {
	for path != "" {
		if l, ok := c.p.lines[path]; ok {
			return l
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return c.root
}

func (c *checker) bad(path, value, want string) {
	c.errs.add(c.line(path), path, fmt.Sprintf("%s is not valid: expected %s", clip.Quote(value), want))
}

func (c *checker) missing(path, want string) {
	c.errs.add(c.line(path), path, "is missing: expected "+want)
}

// match checks a required value against re.
func (c *checker) match(path, value string, re *regexp.Regexp, want string) {
	switch {
	case value == "":
		c.missing(path, want)
	case !re.MatchString(value):
		c.bad(path, value, want)
	}
}

// ascii refuses a text that wixl takes only in ASCII: a non-ASCII value
// given with -D, as the product's names reach the .wxs, aborts wixl without
// naming it (docs/platform.md).
func (c *checker) ascii(path, value string) {
	for _, r := range value {
		if r > unicode.MaxASCII {
			c.bad(path, value, "ASCII text: wixl, which builds the MSI, aborts on a value with "+strconv.QuoteRune(r)+" (docs/platform.md)")
			return
		}
	}
}

// rule checks a required value with problem, which returns the expected
// form the value misses or "".
func (c *checker) rule(path, value string, problem func(string) string, want string) {
	if value == "" {
		c.missing(path, want)
	} else if w := problem(value); w != "" {
		c.bad(path, value, w)
	}
}

func (c *checker) text(path, value string, max int, required bool) {
	want := fmt.Sprintf("text of at most %d characters: letters, digits, spaces and ._,:;()'/+!?%%\\=- (no [ ] { } $ < > & \" or control characters), starting with a letter or digit", max)
	switch {
	case value == "" && required:
		c.missing(path, want)
	case value == "":
	case len([]rune(value)) > max || !textRE.MatchString(value):
		c.bad(path, value, want)
	}
}

func (p *Product) check(errs *Errors, root int) {
	c := &checker{p: p, errs: errs, root: root}
	c.rule("name", p.Name, nameProblem, nameWant)
	c.text("display_name", p.DisplayName, maxDisplayName, true)
	c.ascii("display_name", p.DisplayName)
	c.text("description", p.Description, maxDescription, true)
	c.ascii("description", p.Description)
	c.rule("company", p.Company, companyProblem, companyWant)
	switch up := strings.ToUpper(p.UpgradeCode); {
	case p.UpgradeCode == "":
		c.missing("upgrade_code", "a GUID of your own, XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX in upper-case hex (make one with uuidgen | tr a-f A-F)")
	case guidRE.MatchString(up) && up != p.UpgradeCode:
		c.bad("upgrade_code", p.UpgradeCode, "the GUID in upper case ("+up+"): Windows Installer requires it")
	case !guidRE.MatchString(p.UpgradeCode):
		c.bad("upgrade_code", p.UpgradeCode, "a GUID in upper case without braces, XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX (make one with uuidgen | tr a-f A-F)")
	case p.UpgradeCode == "00000000-0000-0000-0000-000000000000":
		c.bad("upgrade_code", p.UpgradeCode, "a fresh GUID, not the nil GUID")
	}
	if p.Wrap == nil || p.Main != WrapperMain {
		c.match("main", p.Main, mainRE, "the main package relative to the module root, such as ./cmd/mysvc"+
			map[bool]string{true: " (a wrapped product leaves it out: svcwrap, " + WrapperMain + ")"}[p.Wrap != nil])
	}
	c.relFile("wxs", p.WXS, ".wxs")
	c.relFile("icon", p.Icon, ".ico")
	c.architectures()
	c.service()
	c.properties()
	if p.Signing.Description != "" {
		c.text("signing.description", p.Signing.Description, maxDisplayName, false)
	}
	if p.Signing.URL != "" && !urlRE.MatchString(p.Signing.URL) {
		c.bad("signing.url", p.Signing.URL, "an https URL of letters, digits and ._~/%- such as https://example.com/product")
	}
	c.crashDumps()
	c.smoke()
	c.policies()
	c.channels()
	if p.Wrap != nil {
		c.wrap()
	}
}

func (c *checker) crashDumps() {
	d := c.p.CrashDumps
	if d.Count < 1 || d.Count > MaxDumpCount {
		c.bad("crash_dumps.count", strconv.Itoa(d.Count), fmt.Sprintf("how many dumps WER keeps, 1 to %d", MaxDumpCount))
	}
	if d.Type != DumpFull && d.Type != DumpMini {
		c.bad("crash_dumps.type", d.Type, "full (the whole memory, for a debugger) or mini (stacks and registers only)")
	}
}

func (c *checker) relFile(path, value, ext string) {
	want := "a path relative to the repository root with / between names of letters, digits and _ . - (no name starting with a dot), ending in " + ext
	if value == "" {
		return // only when name is missing, which is reported
	}
	if !relFileRE.MatchString(value) || !strings.HasSuffix(value, ext) {
		c.bad(path, value, want)
	}
}

func (c *checker) architectures() {
	seen := map[string]bool{}
	for i, a := range c.p.Architectures {
		path := fmt.Sprintf("architectures[%d]", i)
		switch {
		case !slices.Contains(architectures, a):
			c.bad(path, a, "one of amd64, 386, arm64")
		case seen[a]:
			c.bad(path, a, "each architecture once")
		}
		seen[a] = true
	}
}

func (c *checker) service() {
	s := c.p.Service
	if s.Account != `NT SERVICE\`+c.p.Name && !accountRE.MatchString(s.Account) && !winname.IsGMSA(s.Account) {
		c.bad("service.account", s.Account, `NT SERVICE\<name> (the default), NT AUTHORITY\LocalService, NT AUTHORITY\NetworkService or a group managed service account DOMAIN\name$ such as CONTOSO\websvc$ (never LocalSystem; no user account: no password is kept anywhere)`)
	}
	if !slices.Contains(startTypes, s.Start) {
		c.bad("service.start", s.Start, "auto, delayed-auto or manual")
	}
	if n := len(s.Recovery.RestartDelays); n > MaxRestartDelays {
		c.bad("service.recovery.restart_delays", fmt.Sprintf("%d delays", n), fmt.Sprintf("at most %d (the last one repeats)", MaxRestartDelays))
	}
	for i, d := range s.Recovery.RestartDelays {
		if d%time.Millisecond != 0 || d > maxRestartDelay {
			c.bad(fmt.Sprintf("service.recovery.restart_delays[%d]", i), d.String(), "whole milliseconds (the SCM's unit), at most 1193h2m47.294s")
		}
	}
	if r := s.Recovery.ResetPeriod; r%time.Second != 0 || r > maxResetPeriod {
		c.bad("service.recovery.reset_period", r.String(), "whole seconds, at most 1193046h (the SCM's limit)")
	}
	c.dependencies()
	seen := map[string]bool{}
	for i, k := range s.Settings {
		path := fmt.Sprintf("service.settings[%d]", i)
		switch {
		case !settingRE.MatchString(k):
			c.bad(path, k, "a setting key: a lower-case letter, then up to 63 lower-case letters, digits or _")
		case seen[k]:
			c.bad(path, k, "each setting once")
		}
		seen[k] = true
	}
}

func (c *checker) properties() {
	if len(c.p.Properties) == 0 {
		c.missing("properties", "the MSI's public properties (STARTTYPE, INSTALLFOLDER and REMOVEDATA at least: the MSI defines them)")
		return
	}
	seen := map[string]bool{}
	reaches := map[string]string{} // setting -> the property that reaches it
	for i := range c.p.Properties {
		path := fmt.Sprintf("properties[%d]", i)
		prop := &c.p.Properties[i]
		c.property(path, prop, seen)
		// One property per setting: both would write the same Given\ and
		// Remembered\ value, and only one pattern can be the setting's.
		if prop.Setting == "" {
			continue
		}
		if other, dup := reaches[prop.Setting]; dup {
			c.bad(path+".setting", prop.Setting, "a setting no other property reaches: "+other+" reaches it already")
			continue
		}
		reaches[prop.Setting] = path + " (" + shown(prop.Name, maxShownName) + ")"
	}
	for _, name := range []string{StartTypeProperty, InstallFolderProperty, RemoveDataProperty} {
		if !seen[name] {
			c.missing("properties", name+" too: every svcpack MSI defines it (docs/security.md)")
		}
	}
}

func (c *checker) property(path string, prop *Property, seen map[string]bool) {
	c.match(path+".name", prop.Name, propertyRE, "a public property name: an upper-case letter, then up to 63 upper-case letters, digits or _")
	if seen[prop.Name] && prop.Name != "" {
		c.bad(path+".name", prop.Name, "each property once")
	}
	if why := reservedPropertyName(prop.Name); why != "" {
		c.bad(path+".name", prop.Name, why)
	}
	seen[prop.Name] = true
	builtin := prop.Name == StartTypeProperty || prop.Name == InstallFolderProperty || prop.Name == RemoveDataProperty
	c.text(path+".description", prop.Description, maxDescription, true)
	switch {
	case builtin && prop.Setting != "":
		c.bad(path+".setting", prop.Setting, "no setting: "+prop.Name+" is the installer's own")
	case !builtin && prop.Setting == "":
		c.missing(path+".setting", "the program setting the value reaches (one of service.settings)")
	case !builtin && !settingRE.MatchString(prop.Setting):
		c.bad(path+".setting", prop.Setting, "a setting key: a lower-case letter, then up to 63 lower-case letters, digits or _")
	case !builtin && len(c.p.Service.Settings) > 0 && !slices.Contains(c.p.Service.Settings, prop.Setting):
		c.bad(path+".setting", prop.Setting, "one of service.settings ("+shownList(c.p.Service.Settings)+")")
	}
	switch prop.AppliesTo {
	case Install, Uninstall:
	default:
		c.bad(path+".applies_to", prop.AppliesTo, "install or uninstall")
	}
	if prop.Name == RemoveDataProperty && (prop.AppliesTo != Uninstall || prop.Remembered) {
		c.errs.add(c.line(path), path, "REMOVEDATA must have applies_to: uninstall and remembered: false: it is a word to one removal, never to a later one")
	}
	if prop.Name != RemoveDataProperty && prop.AppliesTo == Uninstall {
		c.bad(path+".applies_to", prop.AppliesTo, "install: only REMOVEDATA is read on uninstall")
	}
	re := c.pattern(path+".pattern", prop.Pattern)
	if re == nil {
		return
	}
	if len(prop.Examples.Good) == 0 {
		c.missing(path+".examples.good", "at least one value the pattern accepts")
	}
	if len(prop.Examples.Bad) == 0 {
		c.missing(path+".examples.bad", "at least one value the pattern refuses")
	}
	for j, v := range prop.Examples.Good {
		p := fmt.Sprintf("%s.examples.good[%d]", path, j)
		if len(v) > maxExample {
			c.bad(p, v, fmt.Sprintf("at most %d bytes", maxExample))
		} else if !re.MatchString(v) {
			c.errs.add(c.line(p), p, fmt.Sprintf("%s is refused by the pattern %s: a good example must match it", clip.Quote(v), clip.Quote(prop.Pattern)))
		}
	}
	for j, v := range prop.Examples.Bad {
		p := fmt.Sprintf("%s.examples.bad[%d]", path, j)
		if len(v) > maxExample {
			c.bad(p, v, fmt.Sprintf("at most %d bytes", maxExample))
		} else if re.MatchString(v) {
			c.errs.add(c.line(p), p, fmt.Sprintf("%s is accepted by the pattern %s: a bad example must not match it", clip.Quote(v), clip.Quote(prop.Pattern)))
		}
	}
}

// pattern compiles an allowlist anchored at both ends: it must match the
// whole value, whatever ^ and $ the author wrote or forgot.
func (c *checker) pattern(path, pattern string) *regexp.Regexp {
	if pattern == "" {
		c.missing(path, "a Go regular expression (RE2) the whole value must match, such as auto|manual")
		return nil
	}
	if len(pattern) > maxPattern {
		c.bad(path, pattern, fmt.Sprintf("a regular expression of at most %d bytes", maxPattern))
		return nil
	}
	re, err := Compile(pattern)
	if err != nil {
		c.bad(path, pattern, "a Go regular expression (RE2): "+shown(err.Error(), maxShownText))
		return nil
	}
	return re
}

// Compile compiles a property's pattern anchored at both ends.
func Compile(pattern string) (*regexp.Regexp, error) {
	if _, err := regexp.Compile(pattern); err != nil {
		return nil, err // the error of what the author wrote, not of the wrapped form
	}
	return regexp.Compile(`^(?:` + pattern + `)$`)
}

// Matches reports whether value is allowed for the property.
func (prop Property) Matches(value string) bool {
	re, err := Compile(prop.Pattern)
	return err == nil && re.MatchString(value)
}

func (c *checker) smoke() {
	s := c.p.Smoke
	c.match("smoke.address", s.Address, hostPortRE, "where the service listens after a default install: HOST:PORT such as 127.0.0.1:8080")
	c.match("smoke.health", s.Health, urlPathRE, "the URL path that answers 200 when the service is ready, such as /healthz")
	r := s.Request
	switch {
	case r.Method != "GET" && r.Method != "HEAD":
		c.bad("smoke.request.method", r.Method, "GET or HEAD")
	case r.Method == "HEAD" && r.BodyContains != "":
		// The smoke suite would look for the text in a body the answer
		// never has, and fail every install.
		c.bad("smoke.request.method", r.Method, "GET when body_contains is given: the answer to HEAD has no body")
	}
	c.match("smoke.request.path", r.Path, urlPathRE, "a URL path such as /version")
	if r.Status < 100 || r.Status > 599 {
		c.bad("smoke.request.status", fmt.Sprint(r.Status), "an HTTP status from 100 to 599")
	}
	if len(r.BodyContains) > maxDescription {
		c.bad("smoke.request.body_contains", r.BodyContains, fmt.Sprintf("at most %d bytes", maxDescription))
	}
	c.smokeExitPath()
}

// smokeExitPath: smoke.exit_path is a URL path with {code} once (a code is
// digits, so the path stays one urlPathRE takes), and only where there are
// exit codes to check.
func (c *checker) smokeExitPath() {
	p := c.p.Smoke.ExitPath
	if p == "" {
		return
	}
	codes := c.p.Wrap != nil && len(c.p.Wrap.ExitCodes.Success)+len(c.p.Wrap.ExitCodes.Restart)+len(c.p.Wrap.ExitCodes.Failure) > 0
	switch {
	case strings.Count(p, ExitCodeVar) != 1 || !urlPathRE.MatchString(strings.Replace(p, ExitCodeVar, "0", 1)):
		c.bad("smoke.exit_path", p, "a URL path with "+ExitCodeVar+" once, such as /exit/"+ExitCodeVar+": its GET makes the program exit with that code")
	case !codes:
		c.bad("smoke.exit_path", p, "no smoke.exit_path without wrap.exit_codes: it is how the smoke suite checks them")
	}
}
