package settings

import (
	"fmt"
	"regexp"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/svcpack/svcpack/service/clip"
	"github.com/svcpack/svcpack/service/policy"
)

// Kind is how a setting is written in config.json.
type Kind int

const (
	// Text: a JSON string; any text its pattern (and check) accepts.
	Text Kind = iota
	// Bool: JSON true or false in config.json; as text (--set, the
	// installer, policy) what strconv.ParseBool takes, such as 1 or 0 (an
	// MSI checkbox property is "1"). No pattern applies.
	Bool
)

// Setting declares one setting. Name, Pattern and Policy come from
// svcpack.yaml (the generated declarations); the program adds what only it
// knows with Options: the default, the kind, an own check.
type Setting struct {
	// Name is the config.json key, the name --set and the installer use,
	// and the policy value's name.
	Name string
	// Pattern is the allowlist of the values, in RE2 syntax, matched
	// against the whole value: the pattern of the svcpack.yaml property
	// that reaches the setting, so the MSI refuses at install time what the
	// program would refuse at start. Empty: only the bounds, the kind and
	// the check apply.
	Pattern string
	// Policy, when set, lets Group Policy set the setting
	// (svcpack.yaml's policy list): policy > config file > default.
	Policy *policy.Setting

	Kind       Kind
	Default    string // as text; a Bool's is "true" or "false"
	HasDefault bool   // false: without a value in config.json, the setting has none
	// Expected says what a value looks like in messages, such as
	// `e.g. "127.0.0.1:8080"`; default: the pattern.
	Expected string
	// Check is the program's own check of a value, run after the bounds
	// and before the pattern; its error is shown after the key and value.
	Check func(value string) error

	match *regexp.Regexp // ^(?:Pattern)$
}

// MaxValue bounds a setting's value in bytes: no setting is anywhere near
// it, and a longer one is refused before any check runs over it.
const MaxValue = 1024

// compile anchors the pattern to the whole value. It must compile on its
// own first: "a)|(b" would otherwise close the anchoring group and match
// anywhere.
func (s *Setting) compile() error {
	if s.Pattern == "" {
		return nil
	}
	if _, err := regexp.Compile(s.Pattern); err != nil {
		return fmt.Errorf("setting %q: pattern %s: %w", s.Name, clip.Quote(s.Pattern), err)
	}
	s.match = regexp.MustCompile(`^(?:` + s.Pattern + `)$`)
	return nil
}

func (s Setting) expected() string {
	switch {
	case s.Kind == Bool:
		return "true, false, 1 or 0"
	case s.Expected != "":
		return s.Expected
	case s.Pattern != "":
		return "text matching " + s.Pattern
	}
	return "text"
}

// valueError names the key, the value as given (cut by clip), what is wrong
// and the form expected: `"listen": "8080" is not host:port (expected e.g.
// "127.0.0.1:8080")`.
type valueError struct {
	key, value, problem, expected string
}

func (e *valueError) Error() string {
	if e.expected == "" {
		return fmt.Sprintf("%q: %s %s", e.key, e.value, e.problem)
	}
	return fmt.Sprintf("%q: %s %s (expected %s)", e.key, e.value, e.problem, e.expected)
}

// parse checks v, given as text (--set, the installer, policy), and returns
// it in its canonical form. Whatever the pattern allows, a value is at most
// MaxValue bytes of UTF-8 without control, invisible formatting (bidi
// overrides, zero-width) or line separator characters: they would let a
// value disguise itself in logs and status.
func (s Setting) parse(v string) (string, error) {
	shown := clip.Quote(v)
	switch {
	case len(v) > MaxValue:
		return "", &valueError{s.Name, shown, fmt.Sprintf("is longer than any value it takes (at most %d bytes)", MaxValue), ""}
	case !utf8.ValidString(v):
		return "", &valueError{s.Name, shown, "is not UTF-8 text", ""}
	}
	for i, r := range v {
		if unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) {
			return "", &valueError{s.Name, shown, fmt.Sprintf("has the control or invisible character U+%04X at byte %d: give the value without it", r, i), ""}
		}
	}
	if s.Kind == Bool {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return "", &valueError{s.Name, shown, "is not a boolean", s.expected()}
		}
		return strconv.FormatBool(b), nil
	}
	if s.Check != nil {
		if err := s.Check(v); err != nil {
			return "", &valueError{s.Name, shown, err.Error(), s.expected()}
		}
	}
	if s.match != nil && !s.match.MatchString(v) {
		return "", &valueError{s.Name, shown, "does not match its pattern " + s.Pattern + " (the whole value must match)", ""}
	}
	return v, nil
}

// CheckValue says why v, given as text, is not a value of s, or nil: the
// bounds, the kind, the check and the whole pattern.
func (s Setting) CheckValue(v string) error {
	if err := s.compile(); err != nil {
		return err
	}
	_, err := s.parse(v)
	return err
}
