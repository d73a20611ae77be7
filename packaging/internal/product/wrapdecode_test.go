package product

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/wrap"
)

// wrapSectionLast is the sample wrapped product's file with its wrap
// section moved to the end, holding only files, and without the LISTEN
// property (whose setting a case's section would have to declare): a
// case's text, indented, completes the section. It returns the file and how
// many lines come before the case's first.
func wrapSectionLast(t *testing.T) (string, int) {
	t.Helper()
	src := wrapBase(t)
	cut := func(from, to string) {
		i, j := strings.Index(src, from), strings.Index(src, to)
		if i < 0 || j < i {
			t.Fatalf("%s: no %q before %q", wrapDemo, from, to)
		}
		src = src[:i] + src[j:]
	}
	cut("\nwrap:\n", "\nproperties:\n")
	cut("  - name: LISTEN\n", "  - name: STARTTYPE\n")
	src += "wrap:\n  files: [\"console/bin/{arch}/console.exe\"]\n"
	return src, strings.Count(src, "\n")
}

// TestWrapSectionDecodesAsSvcwrapDoes: the same YAML in svcwrap's own
// <name>.yaml and under svcpack.yaml's wrap: key is read by one decoder
// (internal/strictyaml) with one rule per case. Each hostile case is
// refused by both, naming the same key, the same line (shifted by where the
// section starts) and the same message; each plain case is accepted by
// both, and svcwrap reads the same configuration from its own file as from
// the one svcpack renders from the section.
func TestWrapSectionDecodesAsSvcwrapDoes(t *testing.T) {
	head, before := wrapSectionLast(t)
	const base, name = `C:\Program Files\svcpack\wrapdemo`, "wrapdemo"
	const prog = "program: console.exe\n"
	for _, c := range []struct {
		src  string
		line int    // of the problem in src; 0: accepted
		key  string // its key, relative to the section; "" the section's mapping; "-" the file
		msg  string
	}{
		// Tags: none, core ones included.
		{prog + "args: [!!str 1]", 2, "args[0]", `has the YAML tag "!!str"`},
		{"program: !!str console.exe", 1, "program", `has the YAML tag "!!str"`},
		{prog + "env: !!map {set: {A: b}}", 2, "env", `has the YAML tag "!!map"`},
		{prog + "output: {compress: !!bool yes}", 2, "output.compress", `has the YAML tag "!!bool"`},
		{prog + "limits: {cpu_percent: !!int \"5\"}", 2, "limits.cpu_percent", `has the YAML tag "!!int"`},
		{prog + "args: [!!null x]", 2, "args[0]", `has the YAML tag "!!null"`},
		{prog + "restart: !!null {policy: never}", 2, "restart", `has the YAML tag "!!null"`},
		{prog + "args: [!!binary aGVsbG8=]", 2, "args[0]", `has the YAML tag "!!binary"`},
		{prog + "args: [!local x]", 2, "args[0]", `has the YAML tag "!local"`},
		{prog + "!!str args: [a]", 2, "", `has a key with the YAML tag "!!str"`},
		// Anchors and aliases.
		{"program: &p console.exe", 1, "program", "uses a YAML anchor or alias"},
		{prog + "args: [a]\nworking_dir: &d bin\nenv: {files: [*d]}", 3, "working_dir", "uses a YAML anchor or alias"},
		{prog + "&k args: [a]", 2, "", "has a key with a YAML anchor"},
		// Merge keys and complex keys.
		{prog + "restart:\n  <<: {policy: never}", 3, "restart", "has a key that is not a plain name"},
		{prog + "env: {set: {? [a]: x}}", 2, "env.set", "has a key that is not a plain name"},
		// Duplicate keys, compared as written.
		{prog + "program: other.exe", 2, "program", "is given twice"},
		{prog + "env: {set: {A: '1', \"A\": '2'}}", 2, "env.set.A", "is given twice"},
		{prog + "env: {set: {1: a, \"1\": b}}", 2, "env.set.1", "is given twice"},
		// One document.
		{prog + "---\nprogram: other.exe", 2, "-", "holds more than one YAML document"},
		{prog + "---", 2, "-", "holds more than one YAML document"},
		// Null: a struct's key keeps its default; a key, a list item or a
		// named entry without a value is refused.
		{prog + "env: {set: {~: x}}", 2, "env.set", "has a key with no name"},
		{prog + "env: {set: {null: x}}", 2, "env.set", "has a key with no name"},
		{prog + "args: [a, ~]", 2, "args[1]", "has no value: expected a string"},
		{prog + "env: {set: {A: }}", 2, "env.set.A", "has no value"},
		// Integers: decimal, unquoted, in range.
		{prog + "limits: {cpu_percent: 0x10}", 2, "limits.cpu_percent", `"0x10" is not a decimal integer`},
		{prog + "limits: {cpu_percent: 010}", 2, "limits.cpu_percent", `"010" is not a decimal integer`},
		{prog + "limits: {cpu_percent: 0o10}", 2, "limits.cpu_percent", `"0o10" is not a decimal integer`},
		{prog + "limits: {cpu_percent: +5}", 2, "limits.cpu_percent", `"+5" is not a decimal integer`},
		{prog + "limits: {cpu_percent: 1_0}", 2, "limits.cpu_percent", `"1_0" is not a decimal integer`},
		{prog + "limits: {cpu_percent: 5.0}", 2, "limits.cpu_percent", `"5.0" is not a decimal integer`},
		{prog + "limits: {cpu_percent: \"5\"}", 2, "limits.cpu_percent", `"5" is not a decimal integer`},
		{prog + "limits: {cpu_percent: -0}", 2, "limits.cpu_percent", `"-0" is not a decimal integer`},
		{prog + "restart: {max_restarts: 99999999999999999999}", 2, "restart.max_restarts", `"99999999999999999999" is out of range`},
		// Booleans: true or false, unquoted.
		{prog + "output: {compress: yes}", 2, "output.compress", `"yes" is not a boolean`},
		{prog + "output: {compress: \"true\"}", 2, "output.compress", `"true" is not a boolean`},
		{prog + "output: {compress: 1}", 2, "output.compress", `"1" is not a boolean`},
		// Kinds and keys.
		{prog + "args: x", 2, "args", "is a single value: expected a list"},
		{"program: [console.exe]", 1, "program", "is a list: expected a string"},
		{prog + "programm: x", 2, "programm", `unknown key "programm": expected one of args, `},

		// Accepted by both, and read alike.
		{src: prog + "args: [0755, yes, 1e3, 0x1F, 1.0, .inf, 2001-01-01, \"~\", '', ! 1]"},
		{src: prog + "output: {compress: True}\nlimits: {cpu_percent: 50}\nrestart: {max_restarts: 0}"},
		{src: prog + "env: {set: {1: a, true: b, \"null\": c, D: ''}}"},
		{src: prog + "working_dir: ~\nhealth:\nrestart: {policy: null}"},
		{src: prog + "..."},
	} {
		var section []string
		for _, l := range strings.Split(c.src, "\n") {
			if l != "---" && l != "..." {
				l = "  " + l
			}
			section = append(section, l)
		}
		own, ownErr := wrap.Parse([]byte(c.src+"\n"), base, name)
		p, productErr := Parse(FileName, []byte(head+strings.Join(section, "\n")+"\n"))
		if c.line == 0 {
			if ownErr != nil || productErr != nil {
				t.Errorf("%q: svcwrap: %v; svcpack: %v; want both to accept it", c.src, ownErr, productErr)
				continue
			}
			rendered, err := p.WrapConfig()
			if err != nil {
				t.Fatal(err)
			}
			fromProduct, err := wrap.Parse(rendered, base, name)
			if err != nil {
				t.Fatalf("%q: svcwrap refuses what svcpack rendered: %v\n%s", c.src, err, rendered)
			}
			fromProduct.DisplayName, fromProduct.Description = "", ""
			if !reflect.DeepEqual(own, fromProduct) {
				t.Errorf("%q: svcwrap reads\n%+v\nfrom its own file, and\n%+v\nfrom svcpack's", c.src, own, fromProduct)
			}
			continue
		}
		wantOwn := fmt.Sprintf("line %d: %s: %s", c.line, c.key, c.msg)
		wantProduct := fmt.Sprintf("%s:%d: wrap.%s: %s", FileName, before+c.line, c.key, c.msg)
		switch c.key {
		case "":
			wantOwn = fmt.Sprintf("line %d: %s", c.line, c.msg)
			wantProduct = fmt.Sprintf("%s:%d: wrap: %s", FileName, before+c.line, c.msg)
		case "-":
			wantOwn = fmt.Sprintf("line %d: %s", c.line, c.msg)
			wantProduct = fmt.Sprintf("%s:%d: %s", FileName, before+c.line, c.msg)
		}
		if ownErr == nil || !strings.Contains(ownErr.Error(), wantOwn) {
			t.Errorf("%q: svcwrap: %v; want %q", c.src, ownErr, wantOwn)
		}
		if productErr == nil || !strings.Contains(productErr.Error(), wantProduct) {
			t.Errorf("%q: svcpack: %v; want %q", c.src, productErr, wantProduct)
		}
	}
}
