// Package policy reads a program's Group Policy settings: the values Group
// Policy's registry extension (or Intune) writes under
// HKLM\Software\Policies\<company>\<product>, one per setting, named as the
// setting. A policy value wins over the config file, which wins over the
// program's defaults (Resolve). A program declares per setting whether it
// applies a change while running (Live) or needs a restart (Restart); Watch
// tells it of changes (RegNotifyChangeKeyValue) and logs the restart ones.
//
// The package imports golang.org/x/sys only; the values it returns are
// untrusted text that the program validates like a config file's.
package policy

import (
	"fmt"
	"strconv"
	"unicode/utf16"
)

// Kind is the registry type a setting's policy value must have: what the
// ADMX element svcpack generates for it writes.
type Kind int

const (
	// Text: REG_SZ, written by the ADMX text and enum elements.
	Text Kind = iota
	// Decimal: REG_DWORD, written by the ADMX decimal element; the program
	// sees it as decimal text.
	Decimal
)

func (k Kind) String() string {
	if k == Decimal {
		return "REG_DWORD"
	}
	return "REG_SZ"
}

// Apply is when a change reaches the running program.
type Apply int

const (
	// Restart: the program reads the value at start; Watch logs a change
	// as needing a restart.
	Restart Apply = iota
	// Live: Watch hands a change to the program, which applies it at once.
	Live
)

func (a Apply) String() string {
	if a == Live {
		return "live"
	}
	return "restart"
}

// Setting declares one policy-capable setting. Name is the config file's
// key and the registry value's name; svcpack.yaml's policy list names the
// same settings with the same apply.
type Setting struct {
	Name  string
	Kind  Kind
	Apply Apply
}

// Policy is a program's policy key and the settings it reads there.
type Policy struct {
	Key      string // under HKLM: Software\Policies\<company>\<product>
	Settings []Setting
}

// New is the policy of product by company: the key svcpack admx's
// template writes (svcpack.yaml's company and name).
func New(company, product string, settings ...Setting) Policy {
	return Policy{Key: `Software\Policies\` + company + `\` + product, Settings: settings}
}

// Value is one setting's policy value as read: Text holds it (a REG_DWORD
// as decimal), or Err says why the registry value cannot be used.
type Value struct {
	Text string
	Err  error
}

// Values are the policy values present, by setting name; a setting with no
// value under the key is absent.
type Values map[string]Value

// maxText bounds a policy value: the ADMX text element's limit, in
// characters as Windows counts them (UTF-16 code units, what the policy
// editor's maxLength counts).
const maxText = 1023

// maxTextSize is the most bytes the registry may report for a REG_SZ policy
// value: maxText UTF-16 code units and the terminating NUL. A larger value
// is refused from its reported size, without being read into the program.
const maxTextSize = (maxText + 1) * 2

// Raw is one registry value as the registry holds it.
type Raw struct {
	Type   uint32 // REG_SZ 1, REG_EXPAND_SZ 2, REG_DWORD 4, ...
	Size   uint32 // bytes, as the registry reports them (RegQueryValueEx)
	Text   string // REG_SZ, REG_EXPAND_SZ; not read when Size is over maxTextSize
	Number uint64 // REG_DWORD, REG_QWORD
}

// tooLarge is whether a string value of size bytes is refused unread.
func tooLarge(size uint32) bool { return size > maxTextSize }

// Registry value types (winnt.h).
const (
	regSZ       = 1
	regExpandSZ = 2
	regDWORD    = 4
)

// parse turns a registry value into the setting's text, refusing a type the
// setting's ADMX element never writes (an allowlist: REG_SZ for Text,
// REG_DWORD for Decimal).
func parse(s Setting, r Raw) Value {
	switch {
	case s.Kind == Text && r.Type == regSZ:
		if tooLarge(r.Size) {
			return Value{Err: fmt.Errorf("is %d bytes in the registry, more than %d: a policy value has at most %d characters (UTF-16, 2 bytes each, and a terminating NUL); shorten it in the policy", r.Size, maxTextSize, maxText)}
		}
		if n := len(utf16.Encode([]rune(r.Text))); n > maxText {
			return Value{Err: fmt.Errorf("is %d characters (UTF-16) long: a policy value has at most %d; shorten it in the policy", n, maxText)}
		}
		return Value{Text: r.Text}
	case s.Kind == Decimal && r.Type == regDWORD:
		return Value{Text: strconv.FormatUint(r.Number, 10)}
	}
	return Value{Err: fmt.Errorf("is of registry type %s: expected %s (the type its ADMX policy writes)", typeName(r.Type), s.Kind)}
}

func typeName(t uint32) string {
	switch t {
	case regSZ:
		return "REG_SZ"
	case regExpandSZ:
		return "REG_EXPAND_SZ"
	case 3:
		return "REG_BINARY"
	case regDWORD:
		return "REG_DWORD"
	case 7:
		return "REG_MULTI_SZ"
	case 11:
		return "REG_QWORD"
	}
	return "type " + strconv.FormatUint(uint64(t), 10)
}

// parseAll turns the raw values read under the key into Values: only the
// declared settings are looked at (any other value is none of the
// program's business).
func (p Policy) parseAll(raw map[string]Raw) Values {
	v := Values{}
	for _, s := range p.Settings {
		if r, ok := raw[s.Name]; ok {
			v[s.Name] = parse(s, r)
		}
	}
	return v
}

// Read reads the policy values present under HKLM\<Key>. No key (no policy
// set, the usual case) is no values and no error. On other systems than
// Windows there is no policy.
func (p Policy) Read() (Values, error) {
	raw, err := readKey(p.Key, p.names())
	if err != nil {
		return nil, fmt.Errorf("read policy HKLM\\%s: %w", p.Key, err)
	}
	return p.parseAll(raw), nil
}

func (p Policy) names() []string {
	n := make([]string, len(p.Settings))
	for i, s := range p.Settings {
		n[i] = s.Name
	}
	return n
}

// Setting returns the declaration of name.
func (p Policy) Setting(name string) (Setting, bool) {
	for _, s := range p.Settings {
		if s.Name == name {
			return s, true
		}
	}
	return Setting{}, false
}
