package version

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/svcpack/svcpack/service/clip"
)

// The times a build may be stamped with: the MSI's summary dates, the
// files' times in the MSI and the zips. Zip and cabinet files store MS-DOS
// dates, which begin on 1980-01-01 and end with 2107; a FILETIME cannot hold
// a time before 1601 at all. A commit time outside the range is a broken
// clock or a tool that knew no time (goreleaser gives 0001-01-01 in a
// checkout without a remote), never a real build.
var (
	Earliest = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) // the first time allowed
	End      = time.Date(2108, 1, 1, 0, 0, 0, 0, time.UTC) // the first time refused
)

// CheckTime refuses a build time outside [Earliest, End).
func CheckTime(t time.Time) error {
	if t.Before(Earliest) || !t.Before(End) {
		return fmt.Errorf("time %s is outside %s to %s: MSI and zip timestamps cannot hold it",
			t.UTC().Format(time.RFC3339), Earliest.Format("2006-01-02"), End.AddDate(0, 0, -1).Format("2006-01-02"))
	}
	return nil
}

// ParseEpoch reads seconds since 1970 (SOURCE_DATE_EPOCH, git's %ct, the
// hook's -time) and checks the time with CheckTime.
func ParseEpoch(s string) (time.Time, error) {
	secs, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: want seconds since 1970", clip.Quote(s))
	}
	t := time.Unix(secs, 0).UTC()
	if err := CheckTime(t); err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", clip.Quote(s), err)
	}
	return t, nil
}

var commitHash = regexp.MustCompile(`^[0-9a-f]{7,64}$`)

// CheckCommit refuses a commit that is not 7 to 64 lower-case hex digits
// ("none", what goreleaser says when it found no commit, among them); ""
// means not known and is allowed.
func CheckCommit(c string) error {
	if c != "" && !commitHash.MatchString(c) {
		return fmt.Errorf("commit %s: want 7 to 64 lower-case hex digits (a git commit hash: SHA-1 has 40, SHA-256 64), or none given", clip.Quote(c))
	}
	return nil
}
