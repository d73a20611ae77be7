package strictyaml

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/svcpack/svcpack/service/clip"
)

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
