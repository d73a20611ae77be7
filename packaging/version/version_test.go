package version

import (
	"context"
	"os/exec"
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
	} {
		got, err := Parse(tc.in)
		if err != nil || got.Version != tc.version || got.MSI != tc.msi {
			t.Errorf("Parse(%q) = %+v, %v; want %s, %s", tc.in, got, err, tc.version, tc.msi)
		}
	}
	for _, bad := range []string{"", "1.2", "1.2.3.4", "128.0.0", "1.256.0", "1.0.65536", "01.2.3", "1.2.x", "1.2.3-x-gabc"} {
		if got, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", bad, got)
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
	t.Setenv(EnvEpoch, "86400")
	if info, err = Detect(ctx, dir); err != nil || info.Version != "2.0.0" || !info.Time.Equal(time.Unix(86400, 0)) {
		t.Fatalf("overridden: %+v, %v", info, err)
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
