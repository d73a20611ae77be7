package manage

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/svcpack/svcpack/service/clip"
	"github.com/svcpack/svcpack/service/exitcode"
)

// The MSI hands its values to `configure --installer-key KEY` through the
// registry it writes in the same transaction, never on the command line:
// a value on a command line can be split into more arguments (a tab is a
// separator too), a registry value cannot. Under HKLM\<KEY>:
//
//	StartType            REG_SZ  auto | delayed-auto | manual: applied
//	Given\<setting>      REG_SZ  given on this msiexec command line: applied, then deleted
//	Remembered\<setting> REG_SZ  the last value given: only seeds a missing config
//	RestartDelaysMs      REG_SZ  the product file's recovery (installer_recovery.go): applied
//	ResetPeriodSeconds   REG_SZ  the same
//
// Every value is hostile until checked: it must be REG_SZ (Windows Installer
// writes a value beginning with '#' as a number, binary or expandable
// string), hold no NUL, be valid UTF-16 and at most maxRegValueBytes long;
// the start type comes from an allowlist and the settings are checked by the
// program's Settings.Validate before anything changes.

// regValue is one registry value as hostAPI.ReadInstallerKey found it.
type regValue struct {
	Name string
	Type uint32 // regSZ, …
	Data []byte // the raw bytes; nil when Size > maxRegValueBytes (not read)
	Size int    // the stored size in bytes
}

// installerKeyValues is what HKLM\<installer key> holds, as read (not yet checked).
type installerKeyValues struct {
	StartType *regValue // nil: no StartType value
	// RestartDelays and ResetPeriod: nil when the value is missing.
	RestartDelays, ResetPeriod *regValue
	Given                      []regValue // the values under Given; none if the subkey is missing
	Remembered                 []regValue // the values under Remembered
}

// maxRegValueBytes bounds what is read of one value: 64 KiB, 32,767 UTF-16
// characters, far more than any setting; a longer value is refused unread.
const maxRegValueBytes = 64 << 10

const (
	regNone      = 0
	regSZ        = 1
	regExpandSZ  = 2
	regBinary    = 3
	regDWORD     = 4
	regDWORDBE   = 5
	regLink      = 6
	regMultiSZ   = 7
	regQWORD     = 11
	givenKey     = "Given"
	rememberKey  = "Remembered"
	startTypeVal = "StartType"
)

func regTypeName(t uint32) string {
	switch t {
	case regNone:
		return "REG_NONE"
	case regSZ:
		return "REG_SZ"
	case regExpandSZ:
		return "REG_EXPAND_SZ"
	case regBinary:
		return "REG_BINARY"
	case regDWORD:
		return "REG_DWORD"
	case regDWORDBE:
		return "REG_DWORD_BIG_ENDIAN"
	case regLink:
		return "REG_LINK"
	case regMultiSZ:
		return "REG_MULTI_SZ"
	case regQWORD:
		return "REG_QWORD"
	}
	return fmt.Sprintf("registry type %d", t)
}

// installerKeyName is the allowlist for --installer-key: a path below
// HKLM\SOFTWARE of plain names, SOFTWARE\name[\name]… with each name made
// of letters, digits, space, '.', '_', '-'. Checked by hand rather than with
// regexp, which would add ~0.2 MB to every service's exe (docs/benchmarks.md).
func installerKeyName(k string) bool {
	rest, ok := strings.CutPrefix(k, `SOFTWARE\`)
	if !ok {
		return false
	}
	for _, name := range strings.Split(rest, `\`) {
		if name == "" {
			return false
		}
		for _, c := range name {
			if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.ContainsRune(" ._-", c)) {
				return false
			}
		}
	}
	return true
}

func checkInstallerKey(k string) error {
	if len(k) > 512 || !installerKeyName(k) {
		return fmt.Errorf(`--installer-key %s: want a key below HKLM such as SOFTWARE\Company\Product (letters, digits, space, '.', '_', '-')`, clip.Quote(k))
	}
	for _, c := range strings.Split(k, `\`) {
		if strings.Trim(c, ".") == "" {
			return fmt.Errorf("--installer-key %s: a component may not be %q", clip.Quote(k), c)
		}
	}
	return nil
}

// regText decodes a REG_SZ value: UTF-16LE, one terminating NUL allowed.
// where names the key for the message (HKLM\…\Given).
func regText(where string, v regValue) (string, error) {
	bad := func(format string, a ...any) error {
		return exitcode.Wrap(exitcode.Config, fmt.Errorf("installer key %s: value %s %s; the installer writes every value as REG_SZ text: "+
			"give the property again as plain text (not beginning with '#')", where, clip.Quote(v.Name), fmt.Sprintf(format, a...)))
	}
	if v.Type != regSZ {
		return "", bad("is %s, not REG_SZ", regTypeName(v.Type))
	}
	if v.Data == nil && v.Size > maxRegValueBytes {
		return "", bad("is %d bytes long, more than the %d a setting may be", v.Size, maxRegValueBytes)
	}
	if len(v.Data)%2 != 0 {
		return "", bad("has an odd byte length (%d), which is not UTF-16 text", len(v.Data))
	}
	u := make([]uint16, len(v.Data)/2)
	for i := range u {
		u[i] = uint16(v.Data[2*i]) | uint16(v.Data[2*i+1])<<8
	}
	if n := len(u); n > 0 && u[n-1] == 0 {
		u = u[:n-1]
	}
	for i := 0; i < len(u); i++ {
		switch {
		case u[i] == 0:
			return "", bad("holds a NUL character at position %d", i)
		case utf16.IsSurrogate(rune(u[i])):
			if i+1 >= len(u) || utf16.DecodeRune(rune(u[i]), rune(u[i+1])) == '\uFFFD' {
				return "", bad("is not valid UTF-16 text (a lone surrogate at position %d)", i)
			}
			i++
		}
	}
	return string(utf16.Decode(u)), nil
}

// installerInput is the checked content of the installer key.
type installerInput struct {
	key        string
	startType  StartType          // "" when the MSI gave none: keep
	given      map[string]string  // non-empty values under Given
	givenNames []string           // every value under Given, to delete afterwards
	remembered map[string]string  // non-empty values under Remembered
	recovery   *installerRecovery // nil: none written, keep the Spec's
}

// readInstaller reads and checks HKLM\<key>; nothing is changed.
func readInstaller(e env, key string) (installerInput, error) {
	in := installerInput{key: key}
	where := `HKLM\` + key
	raw, err := e.host.ReadInstallerKey(key)
	switch {
	case errors.Is(err, errAccessDenied):
		return in, exitcode.Wrap(exitcode.NotAdmin, fmt.Errorf("read installer key %s: %w (run as administrator)", where, err))
	case errors.Is(err, errFileNotFound):
		return in, exitcode.Wrap(exitcode.Config, fmt.Errorf("read installer key %s: %w (the installer writes it before it runs "+
			"configure --installer-key; by hand, run configure with --start and --set instead)", where, err))
	case err != nil:
		return in, fmt.Errorf("read installer key %s: %w", where, err)
	}
	if raw.StartType != nil {
		v, err := regText(where, *raw.StartType)
		if err != nil {
			return in, err
		}
		switch t := StartType(v); t {
		case "":
		case StartAuto, StartDelayedAuto, StartManual:
			in.startType = t
		default:
			return in, exitcode.Wrap(exitcode.Config, fmt.Errorf("installer key %s: value %q is %s: want auto, delayed-auto or manual",
				where, startTypeVal, clip.Quote(v)))
		}
	}
	if in.recovery, err = readRecovery(where, raw.RestartDelays, raw.ResetPeriod); err != nil {
		return in, err
	}
	if in.given, err = regSettings(where+`\`+givenKey, raw.Given); err != nil {
		return in, err
	}
	for _, v := range raw.Given {
		in.givenNames = append(in.givenNames, v.Name)
	}
	if in.remembered, err = regSettings(where+`\`+rememberKey, raw.Remembered); err != nil {
		return in, err
	}
	return in, nil
}

// regSettings decodes the values of a Given or Remembered subkey; an empty
// value means "not given" and is left out.
func regSettings(where string, vals []regValue) (map[string]string, error) {
	kv := map[string]string{}
	for _, v := range vals {
		s, err := regText(where, v)
		if err != nil {
			return nil, err
		}
		if s != "" {
			kv[v.Name] = s
		}
	}
	return kv, nil
}

func sortedKeys(kv map[string]string) string {
	var quoted []string
	for _, k := range slices.Sorted(maps.Keys(kv)) {
		quoted = append(quoted, clip.Quote(k))
	}
	return strings.Join(quoted, ", ")
}
