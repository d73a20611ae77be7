// Package product reads svcpack.yaml, the product file: everything the
// pipeline needs to know about one service product — its names, upgrade
// code, main package, WiX source, architectures, service account and
// recovery, the MSI properties an admin may set, signing and smoke settings.
// The pipeline's stages take their values from a loaded Product and from
// nothing written in Go code.
//
// Loading is strict: an unknown key, a value of the wrong type or one outside
// its allowlist is an error that names the key's path (properties[1].pattern),
// its line, the value (cut by service/clip) and the expected form. Every
// string that ends up in a path, a registry key, a WiX attribute or a file
// name is checked against an allowlist; each property's example values are
// checked against its pattern.
package product

import (
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// FileName is the product file's name at the root of a repository.
const FileName = "svcpack.yaml"

// Product is svcpack.yaml.
type Product struct {
	// Name is the service's name: the Windows service key, the event source,
	// <name>.exe, %ProgramData%\<name>, the install folder and the registry
	// key HKLM\SOFTWARE\<company>\<name>, <name>_<version>_<arch>.msi.
	Name string `yaml:"name"`
	// DisplayName is the service's display name (services.msc).
	DisplayName string `yaml:"display_name"`
	// Description is the service's description.
	Description string `yaml:"description"`
	// Company is the MSI's Manufacturer, the folder under Program Files and
	// the key under HKLM\SOFTWARE.
	Company string `yaml:"company"`
	// UpgradeCode ties every version of the product together: upgrades find
	// the installed product by it. Upper case, never changed after the first
	// release.
	UpgradeCode string `yaml:"upgrade_code"`
	// Main is the main package, relative to the module root (./cmd/<name>).
	Main string `yaml:"main"`
	// WXS is a team's own WiX source, relative to the repository root: an
	// opt-in customization (the lint still checks every rule, each
	// property's rows included). Empty, the default: svcpack renders its
	// hardened template from this file at every build.
	WXS string `yaml:"wxs"`
	// Icon is the Add/Remove Programs icon; default wix/<name>.ico.
	Icon string `yaml:"icon"`
	// Architectures are the GOARCHes an MSI is built for: amd64, 386,
	// arm64; default all three.
	Architectures []string `yaml:"architectures"`
	Service       Service  `yaml:"service"`
	// Properties are the MSI's public properties an admin may set.
	Properties []Property `yaml:"properties"`
	Signing    Signing    `yaml:"signing"`
	Smoke      Smoke      `yaml:"smoke"`
	// CrashDumps is what Windows Error Reporting keeps when the program
	// crashes (the MSI's LocalDumps key for <name>.exe).
	CrashDumps CrashDumps `yaml:"crash_dumps"`
	// Policy lists the settings an admin may set by Group Policy (policy.go).
	Policy []Policy `yaml:"policy"`
	// Wrap makes the product a wrapped program (wrap.go): svcwrap, renamed
	// <name>.exe, is the service and runs the program it describes; nil for
	// a program built on the service runtime itself.
	Wrap *Wrap `yaml:"wrap"`
	// Channels is what winget, Chocolatey and Intune need that only a
	// person can decide (channels.go).
	Channels Channels `yaml:"channels"`

	// lines maps a key's path to its line in the file, for the errors of
	// the checks that run after decoding.
	lines map[string]int
	file  string
	// settingsGiven: service.settings was in the file (a wrapped product
	// takes them from wrap.settings).
	settingsGiven bool
}

// Service is how the service is installed.
type Service struct {
	// Account runs the service: NT SERVICE\<name> (the default, a virtual
	// account), NT AUTHORITY\LocalService, NT AUTHORITY\NetworkService or a
	// group managed service account DOMAIN\name$. Never LocalSystem.
	Account string `yaml:"account"`
	// Start is the start type when STARTTYPE is neither given nor
	// remembered: auto (default), delayed-auto or manual.
	Start    string   `yaml:"start"`
	Recovery Recovery `yaml:"recovery"`
	// Settings are the keys the program's manage.Settings accepts (its
	// config file's keys, in the order service/settings writes them: see
	// SettingsGo); a property's setting must be one of them.
	Settings []string `yaml:"settings"`
	// Dependencies are the services Windows starts before this one
	// (dependencies.go); none by default.
	Dependencies []string `yaml:"dependencies"`
}

// Recovery is what the SCM does when the service fails.
type Recovery struct {
	// RestartDelays: restart after each delay in turn, the last repeating;
	// default 5s, 30s, 60s. An empty list ([]) means no restart.
	RestartDelays []time.Duration `yaml:"restart_delays"`
	// ResetPeriod: a service that ran this long without failing starts over
	// at the first delay; default 24h.
	ResetPeriod time.Duration `yaml:"reset_period"`

	restartDelaysGiven bool
}

// Property is one public MSI property.
type Property struct {
	// Name is the property, upper case (LISTEN).
	Name string `yaml:"name"`
	// Pattern is the allowlist of its values, a Go (RE2) regular expression
	// that must match the whole value (it is anchored when loaded).
	Pattern string `yaml:"pattern"`
	// Remembered: the value given to an install is kept under
	// HKLM\SOFTWARE\<company>\<name> and used again by upgrades and repairs.
	Remembered bool `yaml:"remembered"`
	// Setting is the program setting the value reaches through the
	// registry channel (Given\<setting>, Remembered\<setting>). Empty for
	// the installer's own properties: STARTTYPE, INSTALLFOLDER, REMOVEDATA.
	Setting string `yaml:"setting"`
	// Description says what the property does, for admins.
	Description string `yaml:"description"`
	// AppliesTo is when the property is read: install (default) or uninstall.
	AppliesTo string   `yaml:"applies_to"`
	Examples  Examples `yaml:"examples"`
}

// Examples are values the pattern must accept and refuse; the smoke suite
// installs with each of them.
type Examples struct {
	Good []string `yaml:"good"`
	Bad  []string `yaml:"bad"`
}

// CrashDumps configures the Windows Error Reporting LocalDumps key the MSI
// writes for <name>.exe: WER keeps the newest Count dumps of the given Type
// in %ProgramData%\<name>\dumps.
type CrashDumps struct {
	// Count is how many dumps WER keeps (DumpCount, 1 to 100); default 3.
	Count int `yaml:"count"`
	// Type is full (the process's whole memory: what a debugger needs to
	// list a Go program's goroutines and heap; the default) or mini (stacks
	// and registers only, a few hundred KB).
	Type string `yaml:"type"`

	countGiven bool
}

// Values of CrashDumps.Type.
const (
	DumpFull = "full"
	DumpMini = "mini"
)

// Defaults of CrashDumps. A full dump is as large as the process's memory,
// so fewer are kept than WER's own default of 10.
const (
	DefaultDumpCount = 3
	MaxDumpCount     = 100
)

// DumpTypeValue is Type as WER's DumpType value: 1 mini dump, 2 full dump.
func (c CrashDumps) DumpTypeValue() int {
	if c.Type == DumpMini {
		return 1
	}
	return 2
}

// DumpFolderName is the folder under %ProgramData%\<name> that holds the
// dumps; `service configure` creates it and `service status` reads it.
const DumpFolderName = "dumps"

// Signing is what a signature shows.
type Signing struct {
	// Description is the signed program's name in the UAC prompt and the
	// file's properties; default the display name.
	Description string `yaml:"description"`
	// URL is the product's web site in the signature (https).
	URL string `yaml:"url"`
}

// Smoke is what the smoke suite checks on an installed service.
type Smoke struct {
	// Address is where the service listens after an install with default
	// properties (HOST:PORT).
	Address string `yaml:"address"`
	// Health is the path that answers 200 once the service is ready.
	Health  string  `yaml:"health"`
	Request Request `yaml:"request"`
	// ExitPath is a URL path with {code} in it whose GET makes the running
	// program exit with that code: how the smoke suite checks a wrapped
	// program's exit_codes on the installed service. Only with wrap.exit_codes.
	ExitPath string `yaml:"exit_path"`
}

// ExitCodeVar in smoke.exit_path stands for the exit code asked for.
const ExitCodeVar = "{code}"

// ExitURLPath is smoke.exit_path asking for code.
func (s Smoke) ExitURLPath(code uint32) string {
	return strings.Replace(s.ExitPath, ExitCodeVar, strconv.FormatUint(uint64(code), 10), 1)
}

// Request is one HTTP request that must succeed on the running service.
type Request struct {
	Method       string `yaml:"method"`        // GET (default) or HEAD
	Path         string `yaml:"path"`          // e.g. /version
	Status       int    `yaml:"status"`        // default 200
	BodyContains string `yaml:"body_contains"` // optional; GET only
}

// Built-in properties: the hardened MSI pattern (docs/security.md) defines
// them, so they reach the installer itself, not a program setting.
const (
	StartTypeProperty     = "STARTTYPE"
	InstallFolderProperty = "INSTALLFOLDER"
	RemoveDataProperty    = "REMOVEDATA"
)

// Values of AppliesTo.
const (
	Install   = "install"
	Uninstall = "uninstall"
)

// File is the path the product was loaded from ("" if parsed from bytes
// without a name).
func (p *Product) File() string { return p.file }

// WXSPath is the team's own WiX source under root, the repository (the
// product file's folder); "" when svcpack renders its template (no wxs:).
func (p *Product) WXSPath(root string) string {
	if p.WXS == "" {
		return ""
	}
	return filepath.Join(root, filepath.FromSlash(p.WXS))
}

// InstallerKey is the registry key, under HKLM, that carries the MSI's values
// to the configure action: SOFTWARE\<company>\<name>.
func (p *Product) InstallerKey() string { return `SOFTWARE\` + p.Company + `\` + p.Name }

// LocalDumpsKey is the registry key, under HKLM, that makes WER keep dumps
// of <name>.exe.
func (p *Product) LocalDumpsKey() string {
	return `SOFTWARE\Microsoft\Windows\Windows Error Reporting\LocalDumps\` + p.ExeName()
}

// DumpFolder is the LocalDumps key's DumpFolder value, REG_EXPAND_SZ:
// %ProgramData%\<name>\dumps.
func (p *Product) DumpFolder() string { return `%ProgramData%\` + p.Name + `\` + DumpFolderName }

// ExeName is the program's file name: <name>.exe.
func (p *Product) ExeName() string { return p.Name + ".exe" }

// MSIName is the file name of the package for version and arch.
func (p *Product) MSIName(version, arch string) string {
	return p.Name + "_" + version + "_" + arch + ".msi"
}

// PropertyNames are the properties' names, in file order.
func (p *Product) PropertyNames() []string {
	names := make([]string, len(p.Properties))
	for i, prop := range p.Properties {
		names[i] = prop.Name
	}
	return names
}

// RegistryForm is the recovery as the MSI writes it under the installer key
// for `service configure` (service/manage reads it back strictly): the
// restart delays in milliseconds separated by single spaces, or "none", and
// the reset period in seconds. Constants of the build, not properties: the
// product file decides recovery, not the command line.
func (r Recovery) RegistryForm() (restartDelaysMs, resetPeriodSeconds string) {
	var ms []string
	for _, d := range r.RestartDelays {
		ms = append(ms, strconv.FormatInt(d.Milliseconds(), 10))
	}
	restartDelaysMs = strings.Join(ms, " ")
	if len(ms) == 0 {
		restartDelaysMs = "none"
	}
	return restartDelaysMs, strconv.FormatInt(int64(r.ResetPeriod/time.Second), 10)
}
