package choco

import "testing"

// Every quote PowerShell ends a single-quoted string at is doubled, so a
// value cannot leave the string.
func TestPSQuoteDoublesEverySingleQuote(t *testing.T) {
	for in, want := range map[string]string{
		`a.msi`:          `'a.msi'`,
		`a'b`:            `'a''b'`,
		"a\u2018b":       "'a\u2018\u2018b'",
		"x\u2019;calc;'": "'x\u2019\u2019;calc;'''",
		"\u201a\u201b":   "'\u201a\u201a\u201b\u201b'",
	} {
		if got := psQuote(in); got != want {
			t.Errorf("psQuote(%q) = %q, want %q", in, got, want)
		}
	}
}
