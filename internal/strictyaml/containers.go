package strictyaml

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/svcpack/svcpack/service/clip"
)

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
			known := slices.Sorted(maps.Keys(fields))
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
