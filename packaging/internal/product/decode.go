package product

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/svcpack/svcpack/service/clip"
)

// decoder maps the YAML node tree onto Go values as strictly as the yaml
// library's KnownFields, and names what is wrong by the key's path and line,
// which KnownFields cannot (it names a Go type: "field x not found in type
// product.Product"). It records the line of every key for the later checks.
type decoder struct {
	errs  *Errors
	lines map[string]int
	given map[string]bool // paths that were in the file
}

var durationType = reflect.TypeOf(time.Duration(0))

func (d *decoder) decode(n *yaml.Node, path string, v reflect.Value) {
	d.lines[path] = n.Line
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		d.errs.add(n.Line, path, "uses a YAML anchor or alias: write the value out")
		return
	}
	if tag, bad := badTag(n); bad {
		d.errs.add(n.Line, path, "has the YAML tag "+tag+": expected a plain value ("+coreTagsWant+")")
		return
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return // key: (nothing) leaves the default
	}
	d.given[path] = true
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
		d.decode(n, path, e.Elem())
		v.Set(e)
	case v.Kind() == reflect.String:
		if s, ok := d.scalar(n, path, "a string"); ok {
			v.SetString(s)
		}
	case v.Kind() == reflect.Bool:
		s, ok := d.scalar(n, path, "true or false")
		if !ok {
			return
		}
		// YAML 1.2's booleans only: yes/no/on/off are strings, not a guess.
		if n.ShortTag() != "!!bool" {
			d.errs.add(n.Line, path, fmt.Sprintf("%s is not a boolean: expected true or false", clip.Quote(s)))
			return
		}
		v.SetBool(strings.EqualFold(s, "true"))
	case v.Kind() == reflect.Int:
		s, ok := d.scalar(n, path, "an integer")
		if !ok {
			return
		}
		i, err := strconv.Atoi(s)
		if err != nil || n.ShortTag() != "!!int" {
			d.errs.add(n.Line, path, fmt.Sprintf("%s is not a decimal integer: expected an integer", clip.Quote(s)))
			return
		}
		v.SetInt(int64(i))
	default:
		panic("product: no decoding for " + v.Type().String())
	}
}

// scalar returns a scalar's text as written: a string field takes 0755 or
// yes literally, never a number or boolean YAML resolved it to.
func (d *decoder) scalar(n *yaml.Node, path, want string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.errs.add(n.Line, path, fmt.Sprintf("is a %s: expected %s", kindName(n.Kind), want))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) duration(n *yaml.Node, path string, v reflect.Value) {
	s, ok := d.scalar(n, path, "a duration such as 30s or 24h")
	if !ok {
		return
	}
	t, err := time.ParseDuration(s)
	if err != nil || t <= 0 {
		d.errs.add(n.Line, path, fmt.Sprintf("%s is not a positive duration: expected a duration such as 30s, 5m or 24h", clip.Quote(s)))
		return
	}
	v.SetInt(int64(t))
}

func (d *decoder) sequence(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.SequenceNode {
		d.errs.add(n.Line, path, fmt.Sprintf("is a %s: expected a list", kindName(n.Kind)))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		d.decode(item, fmt.Sprintf("%s[%d]", path, i), s.Index(i))
	}
	v.Set(s)
}

func (d *decoder) mapping(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.errs.add(n.Line, path, fmt.Sprintf("is a %s: expected a mapping of keys to values", kindName(n.Kind)))
		return
	}
	fields := map[string]int{}
	var known []string
	for i := range v.NumField() {
		if tag, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ","); tag != "" {
			fields[tag] = i
			known = append(known, tag)
		}
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := k.Value
		sub := key
		if path != "" {
			sub = path + "." + key
		}
		if !d.plainKey(k, path) {
			continue
		}
		if seen[key] {
			d.errs.add(k.Line, sub, "is given twice")
			continue
		}
		seen[key] = true
		if why, refused := refusedKeys[v.Type()][key]; refused {
			d.errs.add(k.Line, sub, why)
			continue
		}
		f, ok := fields[key]
		if !ok {
			d.errs.add(k.Line, sub, fmt.Sprintf("unknown key %s: expected one of %s", clip.Quote(key), strings.Join(sorted(known), ", ")))
			continue
		}
		d.decode(val, sub, v.Field(f))
		d.lines[sub] = k.Line
	}
}

// dict decodes a mapping whose keys are the user's own names (env.set's
// variables, settings' names) into a map of string keys; each key's path is
// path.key, a key given twice is an error.
func (d *decoder) dict(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.errs.add(n.Line, path, fmt.Sprintf("is a %s: expected a mapping of names to values", kindName(n.Kind)))
		return
	}
	m := reflect.MakeMap(v.Type())
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if !d.plainKey(k, path) {
			continue
		}
		sub := path + "." + k.Value
		if m.MapIndex(reflect.ValueOf(k.Value)).IsValid() {
			d.errs.add(k.Line, sub, "is given twice")
			continue
		}
		e := reflect.New(v.Type().Elem()).Elem()
		d.decode(val, sub, e)
		d.lines[sub] = k.Line
		m.SetMapIndex(reflect.ValueOf(k.Value), e)
	}
	v.Set(m)
}

// plainKey reports whether k is a key the file may use: a scalar with no
// anchor, alias or tag other than YAML's core ones, and not a merge key.
func (d *decoder) plainKey(k *yaml.Node, path string) bool {
	switch {
	case k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge":
		d.errs.add(k.Line, path, "has a key that is not a plain name (merge keys and complex keys are not supported)")
	case k.Anchor != "":
		d.errs.add(k.Line, path, "has a key with a YAML anchor: write the key out")
	case hasBadTag(k):
		tag, _ := badTag(k)
		d.errs.add(k.Line, path, "has a key with the YAML tag "+tag+": expected a plain name ("+coreTagsWant+")")
	default:
		return true
	}
	return false
}

// coreTags are the tags of YAML's core schema, which describe what a plain
// value already is; any other tag (!!binary, !!timestamp, !local) asks for
// a conversion the product file does not make, and taking its text literally
// would hand on a value the author did not mean.
var coreTags = map[string]bool{"!!str": true, "!!int": true, "!!bool": true, "!!float": true, "!!null": true, "!!map": true, "!!seq": true}

const coreTagsWant = "no tag other than the core !!str, !!int, !!bool, !!float, !!null, !!map, !!seq"

// badTag returns n's explicit tag, quoted and cut, and whether it is one
// the file refuses (neither absent nor core).
func badTag(n *yaml.Node) (string, bool) {
	if n.Style&yaml.TaggedStyle == 0 || coreTags[n.ShortTag()] {
		return "", false
	}
	return clip.QuoteN(n.Tag, 64), true
}

func hasBadTag(n *yaml.Node) bool { _, bad := badTag(n); return bad }

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
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
