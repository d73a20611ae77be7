package smoke

import (
	"regexp"
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

// actionFailed reports whether the msiexec log shows the action name
// failing: return value 3 on Windows, 0 under Wine, whose msiexec logs 0 for
// a failed custom action (docs/platform.md). Only for actions that return 1
// when they succeed: under Wine some standard actions (MigrateFeatureStates)
// end with 0 on every run.
func actionFailed(log, name string) bool {
	re := regexp.MustCompile(`(?m)^Action ended [^\n]*: ` + regexp.QuoteMeta(name) + `\. Return value [03]\.`)
	return re.MatchString(log)
}
