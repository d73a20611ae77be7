package policy

import (
	"fmt"
	"log/slog"
)

// Source is where a setting's effective value comes from.
type Source string

const (
	FromPolicy  Source = "policy"
	FromFile    Source = "config file"
	FromDefault Source = "default"
)

// Effective is one setting's value as the program uses it.
type Effective struct {
	Name   string
	Value  string
	Source Source
	// Refused says why a policy value present for the setting was not used
	// (and the file's value or the default was); "" when none was refused.
	Refused string
}

// Layer is one setting's value in the config file and its default, as text.
type Layer struct {
	Name    string
	File    string // the config file's value
	InFile  bool   // the config file sets the key
	Default string
}

// Resolve applies the precedence policy > config file > default to each
// layer. check is the program's own validation of a value (the one it
// applies to the config file); a policy value it refuses, or one of the
// wrong registry type, is not used: the file's value or the default is, and
// Refused says why, naming the key and value.
func (p Policy) Resolve(layers []Layer, pol Values, check func(name, value string) error) []Effective {
	out := make([]Effective, 0, len(layers))
	for _, l := range layers {
		e := Effective{Name: l.Name, Value: l.Default, Source: FromDefault}
		if l.InFile {
			e.Value, e.Source = l.File, FromFile
		}
		v, ok := pol[l.Name]
		if _, declared := p.Setting(l.Name); ok && declared {
			err := v.Err
			if err == nil && check != nil {
				err = check(l.Name, v.Text)
			}
			if err == nil {
				e.Value, e.Source = v.Text, FromPolicy
			} else {
				e.Refused = fmt.Sprintf(`policy HKLM\%s\%s refused: %v; using the %s's value. Fix the Group Policy setting`, p.Key, l.Name, err, e.Source)
			}
		}
		out = append(out, e)
	}
	return out
}

// LogRefused logs each refused policy value as a warning (in service mode the
// runtime writes warnings to the event log too).
func LogRefused(eff []Effective) {
	for _, e := range eff {
		if e.Refused != "" {
			slog.Warn(e.Refused, "setting", e.Name, "value", e.Value, "source", string(e.Source))
		}
	}
}
