package strictyaml

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

type inner struct {
	Word  string `yaml:"word"`
	Small int8   `yaml:"small"`
}

type common struct {
	Shared string `yaml:"shared,omitempty"`
}

type sample struct {
	Name    string            `yaml:"name"`
	On      bool              `yaml:"on"`
	Count   int               `yaml:"count"`
	Wait    time.Duration     `yaml:"wait"`
	List    []string          `yaml:"list"`
	Named   map[string]inner  `yaml:"named"`
	Vars    map[string]string `yaml:"vars"`
	Opt     *string           `yaml:"opt"`
	Inner   inner             `yaml:"inner"`
	Ignored string            `yaml:"-"`
	common  `yaml:",inline"`
}

var sampleOptions = Options{
	Root:    "a mapping with name",
	Refused: map[reflect.Type]map[string]string{reflect.TypeOf(inner{}): {"colour": "is refused on purpose: write word"}},
}

// TestDecodeRefuses: each of the rules' hostile cases is refused with its
// line, key and message, and nothing else is reported (a "; " in want
// separates two problems).
func TestDecodeRefuses(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"", "is empty: expected a mapping with name"},
		{"# only a comment\n", "is empty: expected a mapping with name"},
		{"---\n", "is empty: expected a mapping with name"},
		{"~\n", "is empty: expected a mapping with name"},
		{"- a\n", "line 1: is a list: expected a mapping with name"},
		{"name: a\n---\n", "line 2: holds more than one YAML document: expected one"},
		{"name: a\n...\n---\nname: b\n", "line 3: holds more than one YAML document"},
		{"--- !!map\nname: a\n", `line 1: has the YAML tag "!!map"`},
		{"name: [a\n", "is not valid YAML: yaml: line"},
		{"name: !!str a\n", `line 1: name: has the YAML tag "!!str": expected a plain value without a tag`},
		{"name: !<tag:example.com,2000:x> a\n", `line 1: name: has the YAML tag "tag:example.com,2000:x"`},
		{"list: !!seq [a]\n", `line 1: list: has the YAML tag "!!seq"`},
		{"!!str name: a\n", `line 1: has a key with the YAML tag "!!str"`},
		{"name: &a x\n", "line 1: name: uses a YAML anchor or alias"},
		{"name: &a x\nshared: *a\n", "line 1: name: uses a YAML anchor or alias: write the value out; line 2: shared: uses a YAML anchor or alias"},
		{"&k name: x\n", "line 1: has a key with a YAML anchor"},
		{"inner: {<<: {word: x}}\n", "line 1: inner: has a key that is not a plain name"},
		{"vars: {[a]: x}\n", "line 1: vars: has a key that is not a plain name"},
		{"vars: {~: x}\n", `line 1: vars: has a key with no name ("~" is null)`},
		{"name: a\nname: b\n", "line 2: name: is given twice"},
		{"vars: {1: a, \"1\": b}\n", "line 1: vars.1: is given twice"},
		{"colour: red\n", `line 1: colour: unknown key "colour": expected one of count, inner, list, name, named, on, opt, shared, vars, wait`},
		{"inner: {colour: red}\n", "line 1: inner.colour: is refused on purpose: write word"},
		{"list: [a, ~]\n", `line 1: list[1]: has no value: expected a string (write "" for empty text)`},
		{"vars: {A: null}\n", "line 1: vars.A: has no value: expected a string"},
		{"named: {a: }\n", "line 1: named.a: has no value: expected a mapping"},
		{"on: yes\n", `line 1: on: "yes" is not a boolean: expected true or false`},
		{"on: 'true'\n", `line 1: on: "true" is not a boolean`},
		{"count: 0x10\n", `line 1: count: "0x10" is not a decimal integer`},
		{"count: 010\n", `line 1: count: "010" is not a decimal integer`},
		{"count: 1e3\n", `line 1: count: "1e3" is not a decimal integer`},
		{"count: \"5\"\n", `line 1: count: "5" is not a decimal integer`},
		{"inner: {small: 128}\n", `line 1: inner.small: "128" is out of range: expected an integer from -128 to 127`},
		{"count: 99999999999999999999\n", `line 1: count: "99999999999999999999" is out of range`},
		{"wait: 0s\n", `line 1: wait: "0s" is not a positive duration`},
		{"wait: 30\n", `line 1: wait: "30" is not a positive duration`},
		{"name: [a]\n", "line 1: name: is a list: expected a string"},
		{"list: a\n", "line 1: list: is a single value: expected a list"},
		{"inner: a\n", "line 1: inner: is a single value: expected a mapping of keys to values"},
		{"vars: [a]\n", "line 1: vars: is a list: expected a mapping of names to values"},
		{"\"ke\\x1by\": x\n", `line 1: "ke\x1by": unknown key "ke\x1by"`},
	} {
		var s sample
		d := Decode([]byte(c.src), &s, sampleOptions)
		var got []string
		for _, p := range d.Problems {
			got = append(got, p.String())
		}
		if len(got) != strings.Count(c.want, "; ")+1 || !strings.Contains(strings.Join(got, "; "), c.want) {
			t.Errorf("%q: problems %q, want one saying %q", c.src, d.Problems, c.want)
		}
	}
}

// TestDecodeTakes: what the rules accept, and how: text as written,
// null as absent for a struct's key, YAML 1.2's booleans, decimal
// integers, inline keys; and the lines and given keys for later checks.
func TestDecodeTakes(t *testing.T) {
	src := `name: 0755
on: True
count: -12
wait: 1h30m
list: [yes, 1e3, 2001-01-01, "~", '', ! 1]
named: {a: {word: x, small: -128}}
vars: {1: a, true: b, "null": c}
opt:
inner: ~
shared: s
...
`
	var s sample
	d := Decode([]byte(src), &s, sampleOptions)
	if len(d.Problems) > 0 {
		t.Fatalf("problems: %q", d.Problems)
	}
	want := sample{
		Name: "0755", On: true, Count: -12, Wait: 90 * time.Minute,
		List:   []string{"yes", "1e3", "2001-01-01", "~", "", "1"},
		Named:  map[string]inner{"a": {Word: "x", Small: -128}},
		Vars:   map[string]string{"1": "a", "true": "b", "null": "c"},
		common: common{Shared: "s"},
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("decoded\n%+v\nwant\n%+v", s, want)
	}
	if d.RootLine != 1 || d.Lines["named.a.small"] != 6 || d.Lines["shared"] != 10 || d.Lines["opt"] != 8 {
		t.Errorf("root line %d, lines %v", d.RootLine, d.Lines)
	}
	if !d.Given["list"] || !d.Given["shared"] || d.Given["opt"] || d.Given["inner"] {
		t.Errorf("given %v: want list and shared, not the null opt and inner", d.Given)
	}
}
