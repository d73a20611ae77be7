package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/svcpack/svcpack/service/clip"
)

// Decode decodes data, one YAML document, into v (a pointer to a struct) by
// the package's rules, and reports every problem it finds. Struct fields
// take their key from the yaml tag; ",inline" on an embedded struct makes
// its keys the outer struct's; other options (omitempty) are for rendering.
// The fields' types are strings, bools, ints, time.Duration, and pointers,
// slices, structs and maps of string keys of these.
func Decode(data []byte, v any, opt Options) Decoded {
	d := &decoder{opt: opt, out: Decoded{Lines: map[string]int{}, Given: map[string]bool{}}}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.add(0, "", "is empty: expected "+opt.Root)
		} else {
			d.add(0, "", "is not valid YAML: "+Shown(err.Error(), maxShownText))
		}
		return d.out
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		d.add(extra.Line, "", "holds more than one YAML document: expected one")
		return d.out
	}
	root := doc.Content[0]
	if !d.plain(root, "") {
		return d.out
	}
	switch {
	case isNull(root):
		d.add(0, "", "is empty: expected "+opt.Root)
	case root.Kind != yaml.MappingNode:
		d.add(root.Line, "", fmt.Sprintf("is a %s: expected %s", kindName(root.Kind), opt.Root))
	default:
		d.out.RootLine = root.Line
		d.out.Lines[""] = root.Line
		d.mapping(root, "", reflect.ValueOf(v).Elem())
	}
	return d.out
}

type decoder struct {
	opt Options
	out Decoded
}

func (d *decoder) add(line int, path, msg string) {
	d.out.Problems = append(d.out.Problems, Problem{Line: line, Path: path, Msg: msg})
}

var durationType = reflect.TypeOf(time.Duration(0))

// decode decodes n into v. A null n leaves v as it is when nullKeeps (a
// struct's key: its default applies) and is refused otherwise (a list item,
// a map's value: there is no default to keep).
func (d *decoder) decode(n *yaml.Node, path string, v reflect.Value, nullKeeps bool) {
	d.out.Lines[path] = n.Line
	if !d.plain(n, path) {
		return
	}
	if isNull(n) {
		if !nullKeeps {
			d.add(n.Line, path, "has no value: expected "+want(v.Type())+" (write \"\" for empty text)")
		}
		return
	}
	d.out.Given[path] = true
	switch {
	case v.Type() == durationType:
		d.duration(n, path, v)
	case v.Kind() == reflect.Struct:
		d.mapping(n, path, v)
	case v.Kind() == reflect.Slice:
		d.sequence(n, path, v)
	case v.Kind() == reflect.Map:
		d.dict(n, path, v)
	case v.Kind() == reflect.Pointer:
		e := reflect.New(v.Type().Elem())
		d.decode(n, path, e.Elem(), nullKeeps)
		v.Set(e)
	case v.Kind() == reflect.String:
		if s, ok := d.scalar(n, path, v.Type()); ok {
			v.SetString(s)
		}
	case v.Kind() == reflect.Bool:
		d.boolean(n, path, v)
	case v.CanInt():
		d.integer(n, path, v)
	default:
		panic("strictyaml: no decoding for " + v.Type().String())
	}
}

// plain reports whether n (a value) has no tag, anchor or alias, and says
// what it has otherwise.
func (d *decoder) plain(n *yaml.Node, path string) bool {
	switch {
	case n.Kind == yaml.AliasNode || n.Anchor != "":
		d.add(n.Line, path, "uses a YAML anchor or alias: write the value out")
	case tagged(n):
		d.add(n.Line, path, "has the YAML tag "+clip.QuoteN(n.Tag, 64)+": "+noTagWant)
	default:
		return true
	}
	return false
}

// noTagWant is the expected form of a tagged value.
const noTagWant = "expected a plain value without a tag (quote it to make it text)"

// plainKey reports whether k is a key the file may use: a scalar that is
// not null, with no anchor, alias or tag, and not a merge key.
func (d *decoder) plainKey(k *yaml.Node, path string) bool {
	switch {
	case k.Kind != yaml.ScalarNode || k.Tag == "!!merge":
		d.add(k.Line, path, "has a key that is not a plain name (merge keys and complex keys are not supported)")
	case k.Anchor != "":
		d.add(k.Line, path, "has a key with a YAML anchor: write the key out")
	case tagged(k):
		d.add(k.Line, path, "has a key with the YAML tag "+clip.QuoteN(k.Tag, 64)+": expected a plain name without a tag")
	case isNull(k):
		d.add(k.Line, path, "has a key with no name ("+clip.Quote(k.Value)+" is null): expected a plain name (quote it to make it text)")
	default:
		return true
	}
	return false
}

// tagged reports an explicit tag. The YAML library marks every tag but the
// non-specific "!", which it resolves as quotes do: to text.
func tagged(n *yaml.Node) bool { return n.Style&yaml.TaggedStyle != 0 }

// isNull: an untagged ~, null or nothing (a tagged one is refused first).
func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// scalar returns a scalar's text as written: a string field takes 0755 or
// yes literally, never a number or boolean YAML resolved it to.
func (d *decoder) scalar(n *yaml.Node, path string, t reflect.Type) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.add(n.Line, path, fmt.Sprintf("is a %s: expected %s", kindName(n.Kind), want(t)))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) boolean(n *yaml.Node, path string, v reflect.Value) {
	s, ok := d.scalar(n, path, v.Type())
	if !ok {
		return
	}
	// YAML 1.2's booleans only (a quoted one resolves to text): yes, no, on
	// and off are text, not a guess.
	if n.Tag != "!!bool" {
		d.add(n.Line, path, fmt.Sprintf("%s is not a boolean: expected true or false", clip.Quote(s)))
		return
	}
	v.SetBool(strings.EqualFold(s, "true"))
}

// decimal is an integer as the rules allow it: no sign but a minus, no
// leading zero, no base prefix, separator or exponent.
var decimal = regexp.MustCompile(`^(0|-?[1-9][0-9]*)$`)

func (d *decoder) integer(n *yaml.Node, path string, v reflect.Value) {
	s, ok := d.scalar(n, path, v.Type())
	if !ok {
		return
	}
	// A decimal too large for int64 resolves to !!float: out of range, below.
	if (n.Tag != "!!int" && n.Tag != "!!float") || !decimal.MatchString(s) {
		d.add(n.Line, path, fmt.Sprintf("%s is not a decimal integer: expected an integer in decimal digits, unquoted (no leading 0, +, _, base prefix or exponent)", clip.Quote(s)))
		return
	}
	i, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v.OverflowInt(i) {
		bits := v.Type().Bits()
		d.add(n.Line, path, fmt.Sprintf("%s is out of range: expected an integer from %d to %d", clip.Quote(s), int64(-1)<<(bits-1), int64(1)<<(bits-1)-1))
		return
	}
	v.SetInt(i)
}

func (d *decoder) duration(n *yaml.Node, path string, v reflect.Value) {
	s, ok := d.scalar(n, path, v.Type())
	if !ok {
		return
	}
	t, err := time.ParseDuration(s)
	if err != nil || t <= 0 {
		d.add(n.Line, path, fmt.Sprintf("%s is not a positive duration: expected a duration such as 30s, 5m or 24h", clip.Quote(s)))
		return
	}
	v.SetInt(int64(t))
}

func (d *decoder) sequence(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.SequenceNode {
		d.add(n.Line, path, fmt.Sprintf("is a %s: expected a list", kindName(n.Kind)))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		d.decode(item, fmt.Sprintf("%s[%d]", path, i), s.Index(i), false)
	}
	v.Set(s)
}

// mapping decodes a mapping of the keys a struct declares.
func (d *decoder) mapping(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.add(n.Line, path, fmt.Sprintf("is a %s: expected a mapping of keys to values", kindName(n.Kind)))
		return
	}
	fields := structKeys(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if !d.plainKey(k, path) {
			continue
		}
		key := k.Value
		sub := join(path, key)
		if seen[key] {
			d.add(k.Line, sub, "is given twice")
			continue
		}
		seen[key] = true
		if why, refused := d.opt.Refused[v.Type()][key]; refused {
			d.add(k.Line, sub, why)
			continue
		}
		index, ok := fields[key]
		if !ok {
			known := slices.Sorted(func(yield func(string) bool) {
				for name := range fields {
					if !yield(name) {
						return
					}
				}
			})
			d.add(k.Line, sub, fmt.Sprintf("unknown key %s: expected one of %s", clip.QuoteN(key, 64), strings.Join(known, ", ")))
			continue
		}
		d.decode(val, sub, v.FieldByIndex(index), true)
		d.out.Lines[sub] = k.Line
	}
}

// dict decodes a mapping whose keys are the user's own names (env.set's
// variables, settings' names) into a map of string keys; each key's path is
// path.key.
func (d *decoder) dict(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.add(n.Line, path, fmt.Sprintf("is a %s: expected a mapping of names to values", kindName(n.Kind)))
		return
	}
	m := reflect.MakeMap(v.Type())
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if !d.plainKey(k, path) {
			continue
		}
		sub := join(path, k.Value)
		if m.MapIndex(reflect.ValueOf(k.Value)).IsValid() {
			d.add(k.Line, sub, "is given twice")
			continue
		}
		e := reflect.New(v.Type().Elem()).Elem()
		d.decode(val, sub, e, false)
		d.out.Lines[sub] = k.Line
		m.SetMapIndex(reflect.ValueOf(k.Value), e)
	}
	v.Set(m)
}

// structKeys maps each key of struct type t to its field's index, the keys
// of an embedded ",inline" struct included.
func structKeys(t reflect.Type) map[string][]int {
	keys := map[string][]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" && f.Anonymous && slices.Contains(strings.Split(opts, ","), "inline") {
			for k, index := range structKeys(f.Type) {
				keys[k] = append([]int{i}, index...)
			}
			continue
		}
		if name != "" && name != "-" {
			keys[name] = []int{i}
		}
	}
	return keys
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// want names what a value of type t is written as.
func want(t reflect.Type) string {
	switch {
	case t == durationType:
		return "a duration such as 30s or 24h"
	case t.Kind() == reflect.String:
		return "a string"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() == reflect.Slice:
		return "a list"
	case t.Kind() == reflect.Struct, t.Kind() == reflect.Map:
		return "a mapping"
	case t.Kind() == reflect.Pointer:
		return want(t.Elem())
	}
	return "an integer"
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "single value"
	case yaml.AliasNode:
		return "alias"
	}
	return "document"
}
