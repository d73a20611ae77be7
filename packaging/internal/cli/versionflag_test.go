package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
)

// TestBuildIdentityFlagsRefusedFirst: issue 18 and issue 19 part 4. A
// version, commit or date outside the documented forms is a usage error
// naming the flag and the value, before anything is read or written: the
// MSI path once escaped --dist through the version, cmd.exe syntax reached
// deployment.json's command lines, and goreleaser's "none" and 0001-01-01
// made MSIs dated year 58456. An --out name deployment.json could not print
// safely is refused the same way.
//
// goreleaser's "no commit" values (a snapshot in a clone without a remote)
// also say what to do.
func TestBuildIdentityFlagsRefusedFirst(t *testing.T) {
	const noCommitWhatToDo = "when it read no commit from git, as in a clone without a remote: add one (git remote add origin URL), or set SVCPACK_VERSION, SVCPACK_COMMIT and SVCPACK_DATE"
	root := testtemp.Dir(t)
	dist := filepath.Join(root, "a", "b", "dist")
	if err := os.MkdirAll(dist, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(root, "x.exe")
	if err := os.WriteFile(exe, []byte("MZ"), 0o644); err != nil {
		t.Fatal(err)
	}
	msi := func(extra ...string) []string {
		return append([]string{"msi", "--product", repoProduct, "--exe", exe, "--arch", "amd64", "--dist", dist}, extra...)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "")
	for _, c := range []struct {
		args []string
		want string
	}{
		{msi("--version", "1.2.3-../../../../x"), `--version "1.2.3-../../../../x": want MAJOR.MINOR.PATCH`},
		{msi("--version", `1.2.3-a"&calc&"b`), `--version "1.2.3-a\"&calc&\"b": want MAJOR.MINOR.PATCH`},
		{msi("--version", "1.2.3-4-gabcdef0/../../x"), `--version "1.2.3-4-gabcdef0/../../x"`},
		{msi("--version", "1.2.3", "--commit", "none"), `--commit: commit "none": want 7 to 64 lower-case hex digits`},
		{msi("--version", "1.2.3", "--commit", "none"), noCommitWhatToDo},
		{msi("--version", "0.0.1-snapshot-none"), `--version "0.0.1-snapshot-none": want MAJOR.MINOR.PATCH`},
		{msi("--version", "0.0.1-snapshot-none"), noCommitWhatToDo},
		{msi("--version", "1.2.3", "--date", "0001-01-01T00:00:00Z"), noCommitWhatToDo},
		{msi("--version", "1.2.3", "--commit", "abcdef0&calc"), `commit "abcdef0&calc"`},
		{msi("--version", "1.2.3", "--date", "0001-01-01T00:00:00Z"), `--date "0001-01-01T00:00:00Z": time 0001-01-01T00:00:00Z is outside 1980-01-01 to 2107-12-31`},
		{msi("--version", "1.2.3", "--date", "1979-12-31T23:59:59Z"), "outside 1980-01-01 to 2107-12-31"},
		{msi("--version", "1.2.3", "--date", "2108-01-01T00:00:00Z"), "outside 1980-01-01 to 2107-12-31"},
		{[]string{"msi", "--product", repoProduct, "--exe", exe, "--arch", "amd64", "--version", "1.2.3", "--out", filepath.Join(dist, `x"&calc&".msi`)}, `--out: file name "x\"&calc&\".msi" holds '"'`},
		{[]string{"lint", "--product", repoProduct, "--version", "1.2.3-x&y", "x.msi"}, `--version "1.2.3-x&y": want MAJOR.MINOR.PATCH`},
		{[]string{"describe", "--version", "1.2.3-../x", "x.msi"}, `--version "1.2.3-../x": want MAJOR.MINOR.PATCH`},
		{[]string{"admx", "--product", repoProduct, "-o", dist, "--version", "1.2.3-../../x"}, `--version "1.2.3-../../x": want MAJOR.MINOR.PATCH`},
	} {
		_, errs := wantExit(t, exitUsage, c.args...)
		contains(t, "stderr of svcpack "+strings.Join(c.args, " "), errs, c.want)
	}
	// Only goreleaser's "no commit" values get the hint.
	_, errs := wantExit(t, exitUsage, msi("--version", "1.2.3", "--commit", "abcdef0&calc")...)
	if strings.Contains(errs, noCommitWhatToDo) {
		t.Errorf("a bad commit other than goreleaser's none got the hint: %s", errs)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "-62135596800") // 0001-01-01
	_, errs = wantExit(t, exitUsage, msi("--version", "1.2.3")...)
	contains(t, "msi with an impossible SOURCE_DATE_EPOCH", errs, `SOURCE_DATE_EPOCH "-62135596800": time 0001-01-01T00:00:00Z is outside`)

	// Nothing was written anywhere under the temporary root.
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path != exe {
			t.Errorf("%s was written", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
