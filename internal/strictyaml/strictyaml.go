// Package strictyaml decodes the project's YAML files into Go structs by one
// set of rules: svcpack.yaml (packaging/internal/product) and svcwrap's <name>.yaml
// (internal/wrap), which svcpack renders from svcpack.yaml's wrap section.
// One decoder, so the two files never disagree on what the same text means.
//
// A file is plain YAML: keys, lists and values. The rules, each an allowlist:
//
//   - Documents: exactly one, whose root is a mapping. An empty file (or one
//     of comments only, or a bare ~) is refused, and so is a second
//     document, even an empty one after ---: a decoder that read the first
//     only would ignore the rest. A "..." end marker with nothing after it
//     is allowed.
//   - Tags: none, on any value, key or document. Not even YAML's core ones
//     (!!str, !!int, !!map): an explicit tag asks for a conversion the
//     caller's types do not make (!!binary, !!timestamp, !local), or
//     changes what a value is out of sight of the key (!!bool yes, !!null
//     x). Quotes make a value text. The non-specific tag "!" cannot be told
//     apart from quotes by the YAML library and means the same: text.
//   - Anchors and aliases (&a, *a): refused on values and keys: a value is
//     written where its key is.
//   - Merge keys (<<) and complex keys (a list or mapping as a key):
//     refused.
//   - Keys: a scalar, taken as its text as written (1 and true are the names
//     "1" and "true"); a null key (~, null or nothing) is refused.
//   - Duplicate keys: a key given twice in one mapping is refused (keys are
//     compared as written, so 1 and "1" are the same key).
//   - Unknown keys: refused, naming the keys that mapping has. A caller may
//     refuse a key it knows on purpose, saying why (Options.Refused).
//   - Null (key:, ~, null): for a key of a struct, the key keeps its default,
//     as if absent. As a list item or the value of a named entry (a map) it
//     is refused: there is no default to keep; write "" for empty text.
//   - Strings: the scalar's text as written: 0755, yes, 1e3 and 2001-01-01
//     stay those strings, never a number, boolean or date.
//   - Booleans: an unquoted true or false (YAML 1.2: also True, TRUE, False,
//     FALSE); yes, no, on, off, 1 and "true" are refused.
//   - Integers: unquoted decimal digits with an optional leading minus, no
//     leading zero (010 is octal to YAML 1.1 and decimal to YAML 1.2), that
//     fit the field's Go type; 0x10, 0o10, +5, 1_000, 5.0, 1e3 and "5" are
//     refused. Each key's own bounds are checked by its caller afterwards.
//   - Durations (time.Duration): Go's syntax (500ms, 30s, 1h30m), positive.
//   - Kinds: a list where a single value or mapping is expected (and every
//     other mismatch) is refused, naming both.
//
// Every problem is reported, with its line and the key's path
// (properties[1].pattern); values and paths from the file are shown escaped
// and cut (service/clip), so no escape sequence or megabyte line reaches a
// terminal or log raw.
package strictyaml

import (
	"fmt"
	"reflect"
)

// Problem is one thing wrong in a file.
type Problem struct {
	Line int    // 1-based; 0 when the file as a whole is meant
	Path string // the key's path as written (properties[1].pattern); "" for the file
	Msg  string // what is wrong and the expected form, values shown by Shown or service/clip
}

// String is the problem as one line: "line 3: restart.policy: message".
func (p Problem) String() string {
	s := p.Msg
	if p.Path != "" {
		s = Shown(p.Path, MaxShownPath) + ": " + s
	}
	if p.Line > 0 {
		s = fmt.Sprintf("line %d: %s", p.Line, s)
	}
	return s
}

// Options are what differs between the files: their description and the
// keys a file refuses on purpose.
type Options struct {
	// Root says what the file holds, for an empty file or a root that is not
	// a mapping: "a mapping with name, company, upgrade_code, main and properties".
	Root string
	// Refused are keys a struct type knows but refuses, each with why and
	// what to write instead, where "unknown key" would leave the user
	// guessing at a spelling.
	Refused map[reflect.Type]map[string]string
}

// Decoded is what Decode found.
type Decoded struct {
	Problems []Problem
	// RootLine is the line of the root mapping; 0 when the file holds none
	// (then Problems says why, and nothing was decoded).
	RootLine int
	// Lines maps each key's path to its line, for the caller's later checks.
	Lines map[string]int
	// Given holds the paths the file gave a value (not null).
	Given map[string]bool
}
