package smoke

import (
	"strings"
	"unicode/utf8"
)

// maxLogName bounds the part of a kept msiexec log's file name taken from
// the case's name: a subtest named after a hostile value can be 30,000
// characters long, and the path must stay well under Windows' MAX_PATH.
const maxLogName = 80

// logName is a file name stem for the case named name (t.Name()): every
// character outside A-Z, a-z, 0-9, '_' and '-' becomes '_', so no separator,
// drive colon, wildcard, quote, control character or trailing dot reaches
// Windows, and it is cut to maxLogName. The caller adds a unique suffix
// (os.CreateTemp), so two names that read alike here do not collide.
func logName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if b.Len() >= maxLogName {
			break
		}
		if r < utf8.RuneSelf && (r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "case"
	}
	return b.String()
}
