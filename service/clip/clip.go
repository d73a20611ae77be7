// Package clip bounds values that are echoed back to a person: in error
// messages, log lines, console output and events. A value an installer or a
// config file hands in can be megabytes long; an echo of it must stay readable
// and must never outgrow the log or event it lands in.
package clip

import (
	"strconv"
	"unicode/utf8"
)

// Max is how many bytes of a value an echo shows by default: enough for any
// address, path or setting a person would type, short enough for one line.
const Max = 256

// Quote returns s as a Go-quoted string, or, when s is longer than Max bytes,
// the quoted first Max bytes (cut at a character boundary) followed by the
// length of the whole value, so a reader knows it was cut and by how much:
//
//	"aaaa…"… (52428800 bytes)
func Quote(s string) string { return QuoteN(s, Max) }

// QuoteN is Quote with a limit of n bytes.
func QuoteN(s string, n int) string {
	if len(s) <= n {
		return strconv.Quote(s)
	}
	return strconv.Quote(Prefix(s, n)) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// Prefix returns at most n bytes of s without splitting a UTF-8 sequence.
func Prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	cut := n
	// Back up over continuation bytes to the start of the character at cut.
	for cut > 0 && cut > n-utf8.UTFMax && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
