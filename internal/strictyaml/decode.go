package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
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
