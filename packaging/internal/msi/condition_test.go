package msi

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// evalCondition evaluates a Windows Installer condition over props (absent:
// no value), following the documented conditional statement syntax for the
// part the MSI's sequence conditions use: OR, AND, NOT, parentheses, property
// names, "string" and integer literals, and the comparisons = <> < > <= >=
// >< (contains) << (starts with) >> (ends with), each with a ~ form that
// ignores case. A lone property is true when it has a value. Strings compare
// exactly (case, whitespace). Integers as Windows Installer documents them
// and Wine 8.0 implements them (dlls/msi/cond.y): an integer literal against
// a property compares as integers when the value is one, else is false (<>
// true); two strings that are both all digits compare as integers, where the
// substring operators are bitwise (><: AND; <<: the high 16 bits equal; >>:
// the low 16 bits equal), so PORT << "8" is false for PORT=8080.
// Anything else is an error, so that a condition this cannot read fails the
// test instead of passing it.
func evalCondition(cond string, props map[string]string) (bool, error) {
	toks, err := lexCondition(cond)
	if err != nil {
		return false, err
	}
	p := &condParser{toks: toks, props: props}
	if len(toks) == 0 {
		return true, nil // an empty condition is true
	}
	v, err := p.or()
	if err == nil && p.pos < len(p.toks) {
		err = fmt.Errorf("unexpected %q", p.toks[p.pos].text)
	}
	if err != nil {
		return false, fmt.Errorf("condition %q: %w", cond, err)
	}
	return v, nil
}

type condToken struct {
	kind byte // 'w' word, 's' string, 'i' integer, 'o' operator, '(' or ')'
	text string
}

var condOperators = []string{"~<>", "~><", "~<<", "~>>", "~<=", "~>=", "<>", "><", "<<", ">>", "<=", ">=", "~=", "~<", "~>", "=", "<", ">"}

func lexCondition(s string) ([]condToken, error) {
	var toks []condToken
	for i := 0; i < len(s); {
		c := rune(s[i])
		switch {
		case unicode.IsSpace(c):
			i++
		case c == '(' || c == ')':
			toks = append(toks, condToken{kind: byte(c), text: string(c)})
			i++
		case c == '"':
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("unterminated string in %q", s)
			}
			toks = append(toks, condToken{kind: 's', text: s[i+1 : i+1+end]})
			i += end + 2
		case c == '-' || unicode.IsDigit(c):
			j := i + 1
			for j < len(s) && unicode.IsDigit(rune(s[j])) {
				j++
			}
			toks = append(toks, condToken{kind: 'i', text: s[i:j]})
			i = j
		case c == '_' || unicode.IsLetter(c):
			j := i
			for j < len(s) && (s[j] == '_' || s[j] == '.' || unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j]))) {
				j++
			}
			toks = append(toks, condToken{kind: 'w', text: s[i:j]})
			i = j
		default:
			op := ""
			for _, o := range condOperators {
				if strings.HasPrefix(s[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				return nil, fmt.Errorf("unexpected %q in %q", s[i:], s)
			}
			toks = append(toks, condToken{kind: 'o', text: op})
			i += len(op)
		}
	}
	return toks, nil
}

type condParser struct {
	toks  []condToken
	pos   int
	props map[string]string
}

func (p *condParser) keyword(k string) bool {
	if p.pos < len(p.toks) && p.toks[p.pos].kind == 'w' && p.toks[p.pos].text == k {
		p.pos++
		return true
	}
	return false
}

func (p *condParser) or() (bool, error) {
	v, err := p.and()
	for err == nil && p.keyword("OR") {
		var w bool
		w, err = p.and()
		v = v || w
	}
	return v, err
}

func (p *condParser) and() (bool, error) {
	v, err := p.not()
	for err == nil && p.keyword("AND") {
		var w bool
		w, err = p.not()
		v = v && w
	}
	return v, err
}

func (p *condParser) not() (bool, error) {
	if p.keyword("NOT") {
		v, err := p.not()
		return !v, err
	}
	return p.comparison()
}

// operand is a value: a string, or an integer when isInt.
type operand struct {
	text  string
	isInt bool
	set   bool // a property with a value, a literal
}

func (p *condParser) comparison() (bool, error) {
	if p.pos < len(p.toks) && p.toks[p.pos].kind == '(' {
		p.pos++
		v, err := p.or()
		if err != nil {
			return false, err
		}
		if p.pos >= len(p.toks) || p.toks[p.pos].kind != ')' {
			return false, fmt.Errorf("missing )")
		}
		p.pos++
		return v, nil
	}
	left, err := p.operand()
	if err != nil {
		return false, err
	}
	if p.pos >= len(p.toks) || p.toks[p.pos].kind != 'o' {
		if left.isInt {
			n, _ := strconv.Atoi(left.text)
			return n != 0, nil
		}
		return left.set && left.text != "", nil
	}
	op := p.toks[p.pos].text
	p.pos++
	right, err := p.operand()
	if err != nil {
		return false, err
	}
	return compare(left, op, right)
}

func (p *condParser) operand() (operand, error) {
	if p.pos >= len(p.toks) {
		return operand{}, fmt.Errorf("missing operand")
	}
	t := p.toks[p.pos]
	p.pos++
	switch t.kind {
	case 's':
		return operand{text: t.text, set: true}, nil
	case 'i':
		return operand{text: t.text, isInt: true, set: true}, nil
	case 'w':
		switch t.text {
		case "AND", "OR", "NOT", "XOR", "EQV", "IMP":
			return operand{}, fmt.Errorf("operand expected, got %s", t.text)
		}
		v, ok := p.props[t.text]
		return operand{text: v, set: ok}, nil
	}
	return operand{}, fmt.Errorf("operand expected, got %q", t.text)
}

func compare(a operand, op string, b operand) (bool, error) {
	if a.isInt || b.isInt {
		x, errA := strconv.Atoi(a.text)
		y, errB := strconv.Atoi(b.text)
		if errA != nil || errB != nil {
			return strings.TrimPrefix(op, "~") == "<>", nil // an integer against text
		}
		return compareInt(x, op, y)
	}
	if allDigits(a.text) && allDigits(b.text) {
		x, _ := strconv.Atoi(a.text)
		y, _ := strconv.Atoi(b.text)
		return compareInt(x, op, y)
	}
	l, r := a.text, b.text
	if strings.HasPrefix(op, "~") {
		l, r = strings.ToUpper(l), strings.ToUpper(r)
		op = op[1:]
	}
	switch op {
	case "=":
		return l == r, nil
	case "<>":
		return l != r, nil
	case "><":
		return strings.Contains(l, r), nil
	case "<<":
		return strings.HasPrefix(l, r), nil
	case ">>":
		return strings.HasSuffix(l, r), nil
	case "<":
		return l < r, nil
	case ">":
		return l > r, nil
	case "<=":
		return l <= r, nil
	case ">=":
		return l >= r, nil
	}
	return false, fmt.Errorf("operator %s not supported", op)
}

// compareInt is a comparison of two integers; the substring operators are
// bitwise on them.
func compareInt(x int, op string, y int) (bool, error) {
	switch strings.TrimPrefix(op, "~") {
	case "=":
		return x == y, nil
	case "<>":
		return x != y, nil
	case "<":
		return x < y, nil
	case ">":
		return x > y, nil
	case "<=":
		return x <= y, nil
	case ">=":
		return x >= y, nil
	case "><":
		return x&y != 0, nil
	case "<<":
		return (x>>16)&0xffff == y, nil
	case ">>":
		return x&0xffff == y, nil
	}
	return false, fmt.Errorf("operator %s not supported", op)
}

func TestEvalCondition(t *testing.T) {
	props := map[string]string{"A": "abc", "B": "ABC", "S": "auto", "E": "", "N": "603", "F": `C:\x\`, "P": "8080", "Q": "8x"}
	for cond, want := range map[string]bool{
		"A": true, "E": false, "MISSING": false, "NOT A": false, "NOT MISSING": true,
		"A = B": false, "A ~= B": true, `A = "abc"`: true, `A = "abc "`: false, "A = MISSING": false,
		`NOT A = B`: true, `NOT (A ~= B)`: false, `A AND NOT B`: false, `E OR A`: true, `A AND (E OR S)`: true,
		`S = "auto" OR S = "manual"`: true, `A >< "b"`: true, `A ~>< "B"`: true, `F >> "\"`: true, `NOT F >> "\"`: false,
		`F ~<< "c:\"`: true, `F << "c:\"`: false, "N >= 603": true, "N < 603": false, `A <> B`: true,
		`NOT E AND NOT MISSING`: true, `A OR E AND MISSING`: true,
		`P << "8"`: false, `P >> "0"`: false, `P >< "80"`: true, `P = "8080"`: true, `P >= 0`: true, `A >= 0`: false, `A <> 0`: true,
		`P << "8x"`: false, `Q << "8"`: true,
	} {
		got, err := evalCondition(cond, props)
		if err != nil || got != want {
			t.Errorf("%s = %v (%v), want %v", cond, got, err, want)
		}
	}
	for _, bad := range []string{"A AND", "(A", `A = "x`, "A XOR B", "A $ B"} {
		if _, err := evalCondition(bad, props); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
