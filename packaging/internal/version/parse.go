package version

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/svcpack/svcpack/service/clip"
)

// Forms says, for error messages and help, what Parse accepts.
const Forms = "MAJOR.MINOR.PATCH (at most 127.255.65535), optionally followed by -N-gHASH " +
	"(git describe: N ≤ 65535 commits past the tag, HASH 7 to 64 lower-case hex digits) and then -dirty, " +
	"by -dirty alone, or by -snapshot-HASH (goreleaser's snapshot)"

// form is every version Parse accepts, and nothing else: the version names
// files (dist/<name>_<version>_<arch>.msi), is stamped into the exe and is
// printed in deployment.json's command lines, so it may hold only digits,
// dots, lower-case hex, "-g", "-dirty" and "-snapshot-". The numbers are
// checked against Windows Installer's limits after the match.
var form = regexp.MustCompile(`^([0-9]{1,5})\.([0-9]{1,5})\.([0-9]{1,5})` +
	`(?:-([0-9]{1,5})-g[0-9a-f]{7,64}(?:-dirty)?|-dirty|-snapshot-[0-9a-f]{7,64})?$`)

// Parse reads a version string of the forms Info.Version documents (Forms;
// a leading v is allowed and dropped) and derives the ProductVersion. It is
// the one check of a version, whether it comes from a flag, the environment
// or git describe (a tag is text anyone with push access chooses), and
// refuses anything else. Windows Installer compares only a.b.c, and Wine
// misreads a major of 128 or more, so those are refused too.
func Parse(v string) (Info, error) {
	given := v
	v = strings.TrimPrefix(v, "v")
	m := form.FindStringSubmatch(v)
	if m == nil {
		return Info{}, fmt.Errorf("version %s: want %s", clip.Quote(given), Forms)
	}
	limits := []int{127, 255, 65535}
	for i, p := range m[1:4] {
		if err := number(p, limits[i]); err != nil {
			return Info{}, fmt.Errorf("version %s: part %q %v (Windows Installer's limits)", clip.Quote(given), p, err)
		}
	}
	msi := strings.Join(m[1:4], ".")
	if n := m[4]; n != "" {
		if err := number(n, 65535); err != nil {
			return Info{}, fmt.Errorf("version %s: commit count %q %v", clip.Quote(given), n, err)
		}
		if n != "0" {
			msi += "." + n
		}
	}
	return Info{Version: v, MSI: msi}, nil
}

// number checks that p is a decimal number 0..max without leading zeros.
func number(p string, max int) error {
	n, err := strconv.Atoi(p)
	if err != nil || n > max || strconv.Itoa(n) != p {
		return fmt.Errorf("must be a number 0..%d without leading zeros", max)
	}
	return nil
}
