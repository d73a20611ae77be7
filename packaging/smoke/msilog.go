package smoke

import (
	"strings"
	"unicode/utf16"
)

// DecodeLog reads an msiexec /l*v log, which Windows writes as UTF-16 with a
// byte-order mark and Wine as ANSI, into text with \n line ends.
func DecodeLog(b []byte) string {
	if len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE {
		u := make([]uint16, (len(b)-2)/2)
		for i := range u {
			u[i] = uint16(b[2+2*i]) | uint16(b[3+2*i])<<8
		}
		b = []byte(string(utf16.Decode(u)))
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}
