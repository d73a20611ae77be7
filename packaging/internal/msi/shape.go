package msi

import (
	"fmt"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
)

// A shape is what the condition language can test of a property's pattern:
// it has no regular expressions, only exact and case-folded comparison,
// "contains" (><), "starts with" (<<) and "ends with" (>>). Each part is a
// necessary condition of a match, so the launch check built from it never
// refuses a value the pattern accepts; the program's allowlist, in the
// configure action, is the full check.
type shape struct {
	exact       []string // the whole language when it is a short list of values; nil: not
	contains    []string // literals every value contains
	first, last []rune   // the characters a value can start and end with; nil: too many to list
	// firstFold, lastFold: the list is in upper case and compared case-folded.
	firstFold, lastFold bool
}

// Limits that keep a condition short: a value list, a literal, a character list.
const (
	maxExact      = 16
	maxLiteral    = 64
	maxCharList   = 10
	maxFoldedList = 26 // letters in either case, compared case-folded like the drive letters
)

// lang is what shapeOf knows of a part of a pattern.
type lang struct {
	exact       []string // nil: unknown or too many
	contains    []string
	first, last []rune // nil: unknown or too many
	nullable    bool   // matches the empty string
}

// shapeOf derives the shape of an RE2 pattern matched against the whole value.
func shapeOf(pattern string) (shape, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return shape{}, err
	}
	l := analyze(re.Simplify())
	s := shape{exact: l.exact}
	if s.exact == nil {
		s.contains, s.first, s.last = l.contains, l.first, l.last
	}
	return s, nil
}

func analyze(re *syntax.Regexp) lang {
	switch re.Op {
	case syntax.OpNoMatch:
		return lang{exact: []string{}, first: []rune{}, last: []rune{}}
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return lang{exact: []string{""}, first: []rune{}, last: []rune{}, nullable: true}
	case syntax.OpLiteral:
		return literal(re)
	case syntax.OpCharClass:
		return charClass(re.Rune)
	case syntax.OpCapture:
		return analyze(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest, syntax.OpPlus, syntax.OpRepeat:
		sub := analyze(re.Sub[0])
		l := lang{first: sub.first, last: sub.last, nullable: sub.nullable}
		switch {
		case re.Op == syntax.OpQuest && sub.exact != nil:
			l.exact = union(sub.exact, []string{""})
		case slices.Equal(sub.exact, []string{""}):
			l.exact = []string{""}
		}
		if re.Op == syntax.OpPlus || (re.Op == syntax.OpRepeat && re.Min > 0) {
			l.contains = sub.contains
		} else {
			l.nullable = true
		}
		return l
	case syntax.OpConcat:
		return concat(re.Sub)
	case syntax.OpAlternate:
		l := analyze(re.Sub[0])
		for _, sub := range re.Sub[1:] {
			o := analyze(sub)
			l.exact = union(l.exact, o.exact)
			l.contains = intersect(l.contains, o.contains)
			l.first, l.last = runeUnion(l.first, o.first), runeUnion(l.last, o.last)
			l.nullable = l.nullable || o.nullable
		}
		return l
	}
	return lang{} // any character: nothing known
}

func literal(re *syntax.Regexp) lang {
	variants := []string{""}
	for _, r := range re.Rune {
		cs := []rune{r}
		if re.Flags&syntax.FoldCase != 0 {
			cs = folds(r)
		}
		var next []string
		for _, v := range variants {
			for _, c := range cs {
				next = append(next, v+string(c))
			}
		}
		if len(next) > maxExact {
			variants = nil
			break
		}
		variants = next
	}
	l := lang{exact: variants}
	if re.Flags&syntax.FoldCase == 0 {
		l.contains = []string{string(re.Rune)}
	}
	if len(re.Rune) > 0 {
		l.first, l.last = []rune{re.Rune[0]}, []rune{re.Rune[len(re.Rune)-1]}
		if re.Flags&syntax.FoldCase != 0 {
			l.first, l.last = folds(re.Rune[0]), folds(re.Rune[len(re.Rune)-1])
		}
	} else {
		l.nullable = true
	}
	return l
}

// folds is r and the runes it equals under simple case folding.
func folds(r rune) []rune {
	out := []rune{r}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// charClass: a class of few characters is known character by character.
func charClass(ranges []rune) lang {
	var set []rune
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i+1]-ranges[i] >= 128 || len(set) > 128 {
			return lang{}
		}
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			set = append(set, r)
		}
	}
	l := lang{first: set, last: set}
	if len(set) <= maxExact {
		for _, r := range set {
			l.exact = append(l.exact, string(r))
		}
	}
	return l
}

func concat(subs []*syntax.Regexp) lang {
	l := lang{exact: []string{""}, first: []rune{}, last: []rune{}, nullable: true}
	run := "" // the literal the consecutive single-valued parts spell
	for _, sub := range subs {
		o := analyze(sub)
		if l.nullable {
			l.first = runeUnion(l.first, o.first)
		}
		if o.nullable {
			l.last = runeUnion(l.last, o.last)
		} else {
			l.last = o.last
		}
		l.exact = crossProduct(l.exact, o.exact)
		l.contains = literals(l.contains, o.contains...)
		if len(o.exact) == 1 {
			run += o.exact[0]
		} else {
			l.contains = literals(l.contains, run)
			run = ""
		}
		l.nullable = l.nullable && o.nullable
	}
	l.contains = literals(l.contains, run)
	return l
}

// literals adds lits to set, each once; "" and literals too long for a
// condition are left out.
func literals(set []string, lits ...string) []string {
	for _, lit := range lits {
		if lit != "" && len(lit) <= maxLiteral && !slices.Contains(set, lit) {
			set = append(set, lit)
		}
	}
	return set
}

// crossProduct is every a followed by every b, nil if unknown or too many.
func crossProduct(a, b []string) []string {
	if a == nil || b == nil || len(a)*len(b) > maxExact {
		return nil
	}
	var out []string
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

func union(a, b []string) []string {
	if a == nil || b == nil {
		return nil
	}
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) > maxExact*4 {
		return nil
	}
	return out
}

func intersect(a, b []string) []string {
	var out []string
	for _, s := range a {
		if slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

func runeUnion(a, b []rune) []rune {
	if a == nil || b == nil {
		return nil
	}
	out := slices.Clone(a)
	for _, r := range b {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	if len(out) > 128 {
		return nil
	}
	return out
}

// testable is the part of s the condition language can spell: literals of
// printable ASCII without the quote (its quotes have no escapes), character
// lists short enough to write out.
func (s shape) testable() shape {
	if s.exact != nil {
		for _, v := range s.exact {
			if v != "" && !conditionLiteral(v) {
				return shape{} // a value no condition can spell: test nothing rather than refuse it
			}
		}
		return shape{exact: s.exact}
	}
	var t shape
	for _, c := range s.contains {
		if conditionLiteral(c) {
			t.contains = append(t.contains, c)
		}
	}
	t.first, t.firstFold = charList(s.first)
	t.last, t.lastFold = charList(s.last)
	return t
}

// charList is set as the condition lists it: itself when short, else its
// upper case (fold) when it is case-closed (every letter with its other
// case) and short enough so (up to maxFoldedList characters without letters
// are listed as they are); nil when it is empty, unknown, too long or
// holds what no literal spells.
func charList(set []rune) (list []rune, fold bool) {
	if len(set) == 0 {
		return nil, false
	}
	for _, r := range set {
		if !conditionLiteral(string(r)) {
			return nil, false
		}
	}
	if len(set) <= maxCharList {
		return set, false
	}
	upper := caseClosedUpper(set)
	if upper == nil || len(upper) > maxFoldedList {
		return nil, false
	}
	return upper, len(upper) != len(set) // no letters: nothing to fold
}

// condition is the check that refuses a given value of prop outside the
// shape, XML-escaped for element text, "" when the shape says nothing the
// condition language can test.
func (s shape) condition(prop string) string {
	t := s.testable()
	var parts []string
	var alts []string
	for _, v := range t.exact {
		if v != "" { // "" is not given: never checked
			alts = append(alts, fmt.Sprintf(`%s = "%s"`, prop, v))
		}
	}
	if len(alts) > 0 {
		parts = append(parts, strings.Join(alts, " OR "))
	}
	for _, c := range t.contains {
		parts = append(parts, fmt.Sprintf(`%s >< "%s"`, prop, c))
	}
	for _, c := range []struct {
		op   string
		list []rune
		fold bool
	}{{"<<", t.first, t.firstFold}, {">>", t.last, t.lastFold}} {
		alts = nil
		for _, r := range c.list {
			op := c.op
			if c.fold {
				op = "~" + op
			}
			alts = append(alts, fmt.Sprintf(`%s %s "%c"`, prop, op, r))
		}
		if len(alts) > 0 {
			parts = append(parts, strings.Join(alts, " OR "))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	for i, p := range parts {
		if strings.Contains(p, " OR ") && len(parts) > 1 {
			parts[i] = "(" + p + ")"
		}
	}
	check := strings.Join(parts, " AND ")
	if t.digitsTakeIntegerPath() {
		check = fmt.Sprintf("%s >= 0 OR %s < 0 OR (%s)", prop, prop, check)
	}
	return conditionText.Replace(prop + " AND NOT (" + check + ")")
}

// digitsTakeIntegerPath reports whether a value of only digits may pass the
// pattern while its check would judge it by integers: Windows Installer
// compares two all-digit strings as integers, and its substring operators
// are bitwise on integers (PORT << "8" is false for PORT=8080; docs/platform.md).
// That is so when no part of the check refuses every all-digit value by
// plain text: each literal the value must contain is digits, and each list
// of first and last characters holds a digit. Such a check lets an integer
// through (PROP >= 0 OR PROP < 0 is true exactly for one) and leaves it to
// the program's check in the configure action.
func (t shape) digitsTakeIntegerPath() bool {
	if t.exact != nil { // = compares integers as integers: exact lists are right
		return false
	}
	affected := false
	for _, c := range t.contains {
		if !allDigits(c) {
			return false
		}
		affected = true
	}
	for _, list := range [][]rune{t.first, t.last} {
		if list == nil {
			continue
		}
		if !slices.ContainsFunc(list, isDigit) {
			return false
		}
		affected = true
	}
	return affected
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// allDigits: s is non-empty and only ASCII digits, a value the installer
// reads as an integer.
func allDigits(s string) bool {
	for _, r := range s {
		if !isDigit(r) {
			return false
		}
	}
	return s != ""
}

// conditionText escapes a condition for a WiX element's text.
var conditionText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// caseClosedUpper is set in upper case when every letter in it comes with
// its other case, so a case-folded comparison accepts exactly set; else nil.
func caseClosedUpper(set []rune) []rune {
	var out []rune
	for _, r := range set {
		u, l := unicode.ToUpper(r), unicode.ToLower(r)
		if !slices.Contains(set, u) || !slices.Contains(set, l) {
			return nil
		}
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// conditionLiteral: s can stand between a condition's quotes, which have no
// escapes: printable ASCII without the quote.
func conditionLiteral(s string) bool {
	for _, r := range s {
		if r < 0x20 || r > 0x7e || r == '"' {
			return false
		}
	}
	return s != ""
}

// accepts reports whether value passes the shape's condition: what the
// rendered check lets through, for the tests that hold it to the pattern.
func (s shape) accepts(value string) bool {
	t := s.testable()
	if value == "" {
		return true
	}
	if t.exact != nil {
		return slices.Contains(t.exact, value)
	}
	if t.digitsTakeIntegerPath() && integerValue(value) {
		return true
	}
	for _, c := range t.contains {
		if !strings.Contains(value, c) {
			return false
		}
	}
	r := []rune(value)
	return listAccepts(t.first, t.firstFold, r[0]) && listAccepts(t.last, t.lastFold, r[len(r)-1])
}

// integerValue: the installer reads value as an integer (an optional minus
// and digits), so PROP >= 0 OR PROP < 0 holds for it.
func integerValue(value string) bool {
	return allDigits(strings.TrimPrefix(value, "-"))
}

func listAccepts(list []rune, fold bool, r rune) bool {
	if list == nil {
		return true
	}
	if fold {
		r = unicode.ToUpper(r)
	}
	return slices.Contains(list, r)
}
