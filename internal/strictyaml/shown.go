package strictyaml

import "github.com/svcpack/svcpack/service/clip"

// Bounds on text of a file shown in a problem as it is: a key's path, and
// other text (the YAML library's message, which quotes the file).
const (
	MaxShownPath = 128
	maxShownText = 512
)

// Shown is text from a file (a key's path built from its keys, a name, a
// parser's message that quotes the file) as a problem shows it: as is when
// it is printable ASCII of at most max bytes, else quoted (escaped) and cut
// by clip, so that a terminal's escape sequence or a 900 KB line never
// reaches a terminal or log raw.
func Shown(s string, max int) string {
	if len(s) > max {
		return clip.QuoteN(s, max)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return clip.QuoteN(s, max)
		}
	}
	return s
}
