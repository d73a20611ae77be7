package wrap

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/svcpack/svcpack/service/clip"
)

// The one expansion rule (docs/wrapper.md, "Environment"): only env.set
// values are expanded; %NAME% is replaced by NAME's value in the environment
// as it stands before env.set applies (the wrapper's own, as the SCM gave it,
// then env.files, less env.unset), looked up without case; %% is a literal
// %; every other % is an error, and so is a NAME that is not set. It is one
// pass: a value that comes in is never expanded again, and env.set entries do
// not see each other (a map has no order to define "earlier" by), so there
// is no recursion and no order to get wrong. ExpandEnvironmentStrings is not
// used: it leaves an unknown %NAME% in place, silently.

// maxExpanded bounds an expanded value: Windows keeps at most 32,767
// characters in one variable.
const maxExpanded = 32767

// expandName is a name %…% may hold: ASCII letters, digits and _ ( ) . -,
// as in ProgramFiles(x86), starting with a letter or _, at most 128.
var expandName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_().-]{0,127}$`)

const expandWant = "%NAME% (NAME: ASCII letters, digits, _ ( ) . -, at most 128, starting with a letter or _) " +
	"or %% for a literal %"

// expand applies the rule to v; lookup finds a variable (nil: only the
// syntax is checked, as Parse does before any environment exists).
func expand(v string, lookup func(name string) (string, bool)) (string, error) {
	var out strings.Builder
	for i := 0; i < len(v); {
		j := strings.IndexByte(v[i:], '%')
		if j < 0 {
			out.WriteString(v[i:])
			break
		}
		out.WriteString(v[i : i+j])
		i += j
		if strings.HasPrefix(v[i:], "%%") {
			out.WriteByte('%')
			i += 2
			continue
		}
		end := strings.IndexByte(v[i+1:], '%')
		if end < 0 {
			return "", fmt.Errorf("the %% at byte %d starts no %%NAME%%: expected %s", i, expandWant)
		}
		name := v[i+1 : i+1+end]
		if !expandName.MatchString(name) {
			return "", fmt.Errorf("%s is not a variable reference: expected %s", clip.Quote("%"+name+"%"), expandWant)
		}
		if lookup != nil {
			value, ok := lookup(name)
			if !ok {
				return "", fmt.Errorf("%%%s%% is not set in the service's environment (the wrapper's own, env.files, "+
					"less env.unset; env.set entries do not see each other): set it, or write %%%%%s%%%% for the text itself", name, name)
			}
			out.WriteString(value) // never expanded again
		}
		i += end + 2
		if out.Len() > maxExpanded {
			break
		}
	}
	if out.Len() > maxExpanded {
		return "", fmt.Errorf("expanded, the value is over %d bytes (Windows keeps at most %d characters in a variable)", maxExpanded, maxExpanded)
	}
	return out.String(), nil
}
