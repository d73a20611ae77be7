package version

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct{ in, version, msi string }{
		{"1.2.3", "1.2.3", "1.2.3"},
		{"v1.2.3", "1.2.3", "1.2.3"},
		{"1.2.3-4-gabcdef0", "1.2.3-4-gabcdef0", "1.2.3.4"},
		{"0.0.0-12-gabcdef0-dirty", "0.0.0-12-gabcdef0-dirty", "0.0.0.12"},
		{"1.2.3-dirty", "1.2.3-dirty", "1.2.3"},
		{"1.2.3-0-gabcdef0", "1.2.3-0-gabcdef0", "1.2.3"},
		{"0.0.1-snapshot-abcdef0", "0.0.1-snapshot-abcdef0", "0.0.1"}, // .goreleaser.yaml's snapshot version_template
		{"127.255.65535-65535-g" + strings.Repeat("f", 64), "127.255.65535-65535-g" + strings.Repeat("f", 64), "127.255.65535.65535"},
	} {
		got, err := Parse(tc.in)
		if err != nil || got.Version != tc.version || got.MSI != tc.msi {
			t.Errorf("Parse(%q) = %+v, %v; want %s, %s", tc.in, got, err, tc.version, tc.msi)
		}
	}
	for _, bad := range []string{"", "1.2", "1.2.3.4", "128.0.0", "1.256.0", "1.0.65536", "01.2.3", "1.2.x", "1.2.3-x-gabc",
		// Issue 18: only the count after -g was checked, so a tag or flag
		// could put a path or cmd.exe syntax into file names and command lines.
		"1.2.3-../../../../x", `1.2.3-a"&calc&"b`, "1.2.3-4-gabcdef0/../x", "1.2.3-4-gabcdef0 x", "1.2.3-4-g../x",
		"1.2.3-4-gabcdef0-dirty-x", "1.2.3-4-gabc", "1.2.3-4-gABCDEF0", "1.2.3-04-gabcdef0", "1.2.3-65536-gabcdef0",
		"1.2.3-4-g" + strings.Repeat("a", 65), "1.2.3-rc1", "1.2.3-snapshot-abcdef0-dirty", "1.2.3-snapshot-none",
		"1.2.3\n", "1.2.3\x00", "v", "vv1.2.3", " 1.2.3", "1.2.3-dirty-dirty", "1.2.3+build", "-1.2.3"} {
		if got, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", bad, got)
		} else if !strings.Contains(err.Error(), "want MAJOR.MINOR.PATCH") && !strings.Contains(err.Error(), "must be a number") {
			t.Errorf("Parse(%q): %v does not say what is expected", bad, err)
		}
	}
}

func TestTidy(t *testing.T) {
	for in, want := range map[string]string{
		"1.2.3-0-gabcdef0":       "1.2.3",
		"1.2.3-0-gabcdef0-dirty": "1.2.3-dirty",
		"1.2.3-5-gabcdef0":       "1.2.3-5-gabcdef0",
	} {
		if got := tidy(in); got != want {
			t.Errorf("tidy(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDetect runs against a throw-away repository: no tag, then a tag, then a
// commit past it, and the environment overrides.
func TestDetect(t *testing.T) {
	dir := t.TempDir()
	gitc := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(cmd.Environ(), "GIT_AUTHOR_DATE=@1700000000 +0000", "GIT_COMMITTER_DATE=@1700000000 +0000",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitc("init", "-q")
	gitc("commit", "-q", "--allow-empty", "-m", "one")
	ctx := context.Background()
	t.Setenv(EnvVersion, "")
	t.Setenv(EnvEpoch, "")

	info, err := Detect(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.MSI != "0.0.0.1" || info.Version[:8] != "0.0.0-1-" || !info.Time.Equal(time.Unix(1700000000, 0)) || len(info.Commit) != 40 {
		t.Fatalf("untagged: %+v", info)
	}
	gitc("tag", "v1.4.2")
	if info, err = Detect(ctx, dir); err != nil || info.Version != "1.4.2" || info.MSI != "1.4.2" {
		t.Fatalf("on tag: %+v, %v", info, err)
	}
	gitc("commit", "-q", "--allow-empty", "-m", "two")
	if info, err = Detect(ctx, dir); err != nil || info.MSI != "1.4.2.1" || info.Version[:8] != "1.4.2-1-" {
		t.Fatalf("past tag: %+v, %v", info, err)
	}
	t.Setenv(EnvVersion, "2.0.0")
	t.Setenv(EnvEpoch, "400000000")
	if info, err = Detect(ctx, dir); err != nil || info.Version != "2.0.0" || !info.Time.Equal(time.Unix(400000000, 0)) {
		t.Fatalf("overridden: %+v, %v", info, err)
	}
	// Issue 18: the overrides and git's answers pass the same checks as a flag.
	for _, bad := range []struct{ version, epoch, want string }{
		{"1.2.3-../../x", "400000000", `version "1.2.3-../../x"`},
		{"2.0.0", "86400", "outside 1980-01-01 to 2107-12-31"},        // 1970-01-02: before zip/MSI dates
		{"2.0.0", "-62135596800", "outside 1980-01-01 to 2107-12-31"}, // 0001-01-01, goreleaser's "no date"
		{"2.0.0", "4354819200", "outside 1980-01-01 to 2107-12-31"},   // 2108-01-01
		{"2.0.0", "1e9", `"1e9": want seconds since 1970`},
	} {
		t.Setenv(EnvVersion, bad.version)
		t.Setenv(EnvEpoch, bad.epoch)
		if info, err := Detect(ctx, dir); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("Detect with %s=%q %s=%q = %+v, %v; want an error with %q", EnvVersion, bad.version, EnvEpoch, bad.epoch, info, err, bad.want)
		}
	}
	gitc("tag", "v1.2.3-a&calc&b")
	t.Setenv(EnvVersion, "")
	t.Setenv(EnvEpoch, "")
	if info, err := Detect(ctx, dir); err == nil || !strings.Contains(err.Error(), `version "1.2.3-a&calc&b`) {
		t.Errorf("Detect on a hostile tag = %+v, %v; want it refused", info, err)
	}
}

func TestDetectOutsideGit(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	t.Setenv(EnvVersion, "1.2.3")
	t.Setenv(EnvEpoch, "")
	if _, err := Detect(ctx, dir); err == nil {
		t.Fatal("no error outside git with only the version given")
	}
	t.Setenv(EnvEpoch, "1700000000")
	info, err := Detect(ctx, dir)
	if err != nil || info.Version != "1.2.3" || info.Commit != "" || info.Time.Unix() != 1700000000 {
		t.Fatalf("Detect outside git = %+v, %v", info, err)
	}
}

func TestCheckTime(t *testing.T) {
	for _, ok := range []time.Time{Earliest, End.Add(-time.Second), time.Unix(1700000000, 0)} {
		if err := CheckTime(ok); err != nil {
			t.Errorf("CheckTime(%v) = %v", ok, err)
		}
	}
	for _, bad := range []time.Time{{}, Earliest.Add(-time.Second), End, time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(58456, 1, 1, 0, 0, 0, 0, time.UTC)} {
		if err := CheckTime(bad); err == nil {
			t.Errorf("CheckTime(%v) = nil, want an error", bad)
		}
	}
}

func TestCheckCommit(t *testing.T) {
	for _, ok := range []string{"", "abcdef0", strings.Repeat("0123456789", 4), strings.Repeat("a", 64)} {
		if err := CheckCommit(ok); err != nil {
			t.Errorf("CheckCommit(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"none", "abcdef", "ABCDEF0", "abcdef0 ", "abcdef0&calc", strings.Repeat("a", 65)} {
		if err := CheckCommit(bad); err == nil || !strings.Contains(err.Error(), "want 7 to 64 lower-case hex digits") {
			t.Errorf("CheckCommit(%q) = %v, want a refusal saying what is expected", bad, err)
		}
	}
}
