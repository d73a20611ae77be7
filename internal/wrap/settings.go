package wrap

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/svcpack/svcpack/service/settings"
)

// Setting is one of the program's settings (the config file's settings key):
// a value an installer or admin gives (MSI property, `service configure
// --set`), kept in config.json in the service's data folder and handed to the
// program as the environment variable Env at each start. The program never
// sees a command line built from it.
type Setting struct {
	Name       string
	Env        string
	Pattern    string // as written; the whole value must match it
	Default    string
	HasDefault bool // false: without a value in config.json, Env is not set

	valid bool // Pattern compiles
}

// maxSettingPattern bounds a setting's pattern; a value's bound is
// service/settings' MaxValue.
const maxSettingPattern = 1024

var (
	settingName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	// settingEnvName is an allowlist: ASCII letters, digits and '_', so no
	// '=', NUL, space or look-alike letter can make the name another one.
	settingEnvName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,127}$`)
)

// parseSettings checks the settings key against the env key, reporting each
// problem through bad, and returns the settings sorted by name.
func parseSettings(fs map[string]FileSetting, env FileEnv, bad func(key, value, want string)) []Setting {
	taken := map[string]string{} // upper-case env name → who uses it
	for k := range env.Set {
		taken[strings.ToUpper(k)] = "env.set"
	}
	for _, k := range env.Unset {
		taken[strings.ToUpper(k)] = "env.unset"
	}
	var out []Setting
	for _, name := range sortedKeys(fs) {
		f := fs[name]
		key := "settings." + name
		s := Setting{Name: name, Env: f.Env, Pattern: f.Pattern}
		if !settingName.MatchString(name) {
			bad("settings", name, "a setting name of 1–64 characters: a lower-case ASCII letter, then lower-case letters, digits or '_'")
		}
		switch other, dup := taken[strings.ToUpper(f.Env)]; {
		case !settingEnvName.MatchString(f.Env):
			bad(key+".env", f.Env, "an environment variable name of 1–128 characters: an ASCII letter or '_', then letters, digits or '_'")
		case dup:
			bad(key+".env", f.Env, "a variable no other entry sets or unsets (Windows names have no case; "+other+" has it already)")
		}
		taken[strings.ToUpper(f.Env)] = key + ".env"
		if re, why := compilePattern(f.Pattern); re == nil {
			bad(key+".pattern", f.Pattern, why)
		} else {
			s.valid = true
		}
		if f.Default != nil {
			s.Default, s.HasDefault = *f.Default, true
			if s.valid {
				if err := s.Check(s.Default); err != nil {
					bad(key+".default", s.Default, "a value the setting accepts: "+err.Error())
				}
			}
		}
		out = append(out, s)
	}
	return out
}

// compilePattern anchors p to the whole value. p must compile on its own
// first: "a)|(b" would otherwise close the anchoring group and match
// anywhere.
func compilePattern(p string) (*regexp.Regexp, string) {
	const want = "an RE2 regular expression (Go regexp syntax) that a whole valid value matches"
	switch {
	case p == "":
		return nil, want + ": every setting needs one, it is the allowlist of its values"
	case len(p) > maxSettingPattern:
		return nil, fmt.Sprintf("%s, of at most %d bytes", want, maxSettingPattern)
	}
	if _, err := regexp.Compile(p); err != nil {
		return nil, want + " (" + err.Error() + ")"
	}
	re, err := regexp.Compile(`^(?:` + p + `)$`)
	if err != nil {
		return nil, want + " (" + err.Error() + ")"
	}
	return re, ""
}

// Check says why v is not a value of s, or nil: service/settings' rule
// (bounds, plain text, the whole pattern), the one the service applies to
// config.json, --set and the installer's values.
func (s Setting) Check(v string) error {
	return settings.Setting{Name: s.Name, Pattern: s.Pattern}.CheckValue(v)
}

// settingNames lists the settings for messages.
func settingNames(defs []Setting) string {
	if len(defs) == 0 {
		return "none"
	}
	names := make([]string, len(defs))
	for i, s := range defs {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

func lookupSetting(defs []Setting, name string) (Setting, bool) {
	for _, s := range defs {
		if s.Name == name {
			return s, true
		}
	}
	return Setting{}, false
}
