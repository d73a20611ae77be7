package dist

import (
	"bytes"
	"context"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/sign"
)

// checkout copies the repository's work tree as git would commit it (tracked
// and new files, ignored ones left out) into a fresh repository with one
// commit of fixed author, committer and dates, so that two checkouts made
// from the same tree have the same commit.
func checkout(t *testing.T, repo string) string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command("git", "-C", repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		b, err := os.ReadFile(filepath.Join(repo, name))
		if os.IsNotExist(err) {
			continue // deleted in the work tree, not yet in the index
		}
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(),
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_AUTHOR_DATE=2024-01-02T03:04:05+00:00",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_COMMITTER_DATE=2024-01-02T03:04:05+00:00")
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-q", "-m", "snapshot test"}} {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

// releaseFiles is the part of tree that must not depend on where or when
// the snapshot ran: the exes, the MSIs, deployment.json and the policy
// template's zip.
func releaseFiles(t *testing.T, m map[string]string) map[string]string {
	t.Helper()
	r := map[string]string{}
	for name, sum := range m {
		if path.Ext(name) == ".msi" && !strings.Contains(name, "/") || name == deploy.FileName || strings.HasSuffix(name, "_admx.zip") ||
			path.Ext(name) == ".exe" && strings.Count(name, "/") == 1 {
			r[name] = sum
		}
	}
	if len(r) != 2*len(msi.Arches)+2 {
		t.Fatalf("want an exe and an MSI per arch, %s and the policy zip, found %v", deploy.FileName, sortedKeys(r))
	}
	return r
}

// TestSnapshot runs `mage dist`'s Run, goreleaser's snapshot with the hook,
// three times on two checkouts of the work tree at one commit:
//   - the outputs are a release's: an exe, zip and MSI per arch, deployment.json,
//     the channels (an .intunewin per MSI, winget manifests and a .nupkg for
//     all arches) and checksums.txt covering all but the exes;
//   - they are reproducible: the other checkout, in another directory, gives
//     byte-identical unsigned exes, MSIs and deployment.json;
//   - a stale file in dist/ goes, dist/smoke stays;
//   - a run that fails after goreleaser has built the exes (the hook cannot
//     sign) leaves dist/ exactly as the run before left it.
func TestSnapshot(t *testing.T) {
	ctx := context.Background()
	t.Setenv(sign.EnvPFX, "")
	var log bytes.Buffer
	gr, err := Goreleaser(ctx, "../../..", &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	run := func(root string) error {
		log.Reset()
		err := Run(ctx, Options{Root: root, Goreleaser: gr, Log: &log})
		t.Logf("Run in %s: %v; output:\n%s", root, err, log.String())
		return err
	}

	a := checkout(t, "../../..")
	if err := run(a); err != nil {
		t.Fatal(err)
	}
	first := tree(t, filepath.Join(a, Dir))
	if n := strings.Count(log.String(), "\n"); n == 0 {
		t.Error("Run said nothing")
	}
	assertRelease(t, filepath.Join(a, Dir), first)
	// mod_timestamp: the commit's time, which goreleaser alone cannot read in
	// a checkout without a remote (it would say the year 1).
	for name := range releaseFiles(t, first) {
		if path.Ext(name) != ".exe" {
			continue
		}
		fi, err := os.Stat(filepath.Join(a, Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC); !fi.ModTime().Equal(want) {
			t.Errorf("%s: modified %s, want the commit's time %s", name, fi.ModTime().UTC(), want)
		}
	}

	b := checkout(t, "../../..")
	write(t, filepath.Join(b, Dir, "stale.msi"), "from an older run")
	write(t, filepath.Join(b, Dir, "smoke", "kept.msi"), "mage smokeMSIs made this")
	if err := run(b); err != nil {
		t.Fatal(err)
	}
	second := tree(t, filepath.Join(b, Dir))
	if !maps.Equal(releaseFiles(t, first), releaseFiles(t, second)) {
		t.Errorf("two snapshots of one commit differ:\n%v\n%v", releaseFiles(t, first), releaseFiles(t, second))
	}
	if _, ok := second["stale.msi"]; ok {
		t.Error("a file of the previous dist/ survived the run")
	}
	if _, ok := second["smoke/kept.msi"]; !ok {
		t.Error("dist/smoke was not kept")
	}

	// The hook reads the signing key from the environment: a missing one
	// fails every hook, after goreleaser has built the exes into dist/.
	t.Setenv(sign.EnvPFX, filepath.Join(t.TempDir(), "missing.pfx"))
	err = run(b)
	if err == nil || !strings.Contains(err.Error(), "as it was before") {
		t.Fatalf("Run with a missing signing key: err = %v, want a failure that leaves dist/ as it was", err)
	}
	if !strings.Contains(log.String(), "missing.pfx") {
		t.Error("goreleaser's output, which names the hook's error, was not passed on")
	}
	if after := tree(t, filepath.Join(b, Dir)); !maps.Equal(after, second) {
		t.Errorf("a failed run changed dist/:\nbefore %v\nafter  %v", sortedKeys(second), sortedKeys(after))
	}
}

// assertRelease checks the set of files a release publishes.
func assertRelease(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	count := func(match func(string) bool) int {
		n := 0
		for name := range files {
			if match(name) {
				n++
			}
		}
		return n
	}
	top := func(ext string) func(string) bool {
		return func(n string) bool { return path.Ext(n) == ext && !strings.Contains(n, "/") }
	}
	arches := len(msi.Arches)
	if n := count(top(".zip")); n != arches+1 {
		t.Errorf("%d zips, want %d (one per arch and the policy template's): %v", n, arches+1, sortedKeys(files))
	}
	if n := count(top(".admx")) + count(func(n string) bool { return path.Dir(n) == "en-US" && path.Ext(n) == ".adml" }); n != 2 {
		t.Errorf("want the policy template's .admx and en-US/.adml in dist/: %v", sortedKeys(files))
	}
	if n := count(top(".msi")); n != arches {
		t.Errorf("%d MSIs, want %d: %v", n, arches, sortedKeys(files))
	}
	if n := count(func(n string) bool { return path.Ext(n) == ".exe" && strings.Count(n, "/") == 1 }); n != arches {
		t.Errorf("%d exes, want %d: %v", n, arches, sortedKeys(files))
	}
	sums, err := os.ReadFile(filepath.Join(dir, "checksums.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// checksums.txt names files by base name; the winget manifests are in
	// dist/winget/.
	sumOf := func(name string) string {
		if sum, ok := files[name]; ok {
			return sum
		}
		return files["winget/"+name]
	}
	var covered []string
	for _, line := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		sum, name, _ := strings.Cut(line, "  ")
		if sumOf(name) != sum {
			t.Errorf("checksums.txt: %s has %s, the file %s", name, sum, sumOf(name))
		}
		covered = append(covered, name)
	}
	// The zips and MSIs, deployment.json, the policy zip, an .intunewin per
	// MSI, the .nupkg and the three winget manifests.
	if want := 3*arches + 2 + 1 + 3; len(covered) != want || !strings.Contains(string(sums), "  "+deploy.FileName+"\n") {
		t.Errorf("checksums.txt covers %v, want the zips, the MSIs, %s, the policy zip, the .intunewin files, the .nupkg and the winget manifests", covered, deploy.FileName)
	}
	m, err := deploy.Read(filepath.Join(dir, deploy.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Packages) != arches {
		t.Errorf("%s describes %d MSIs, want %d", deploy.FileName, len(m.Packages), arches)
	}
	if m.Policy == nil || files[m.Policy.Template] == "" || len(m.Policy.Settings) == 0 {
		t.Errorf("%s's policy section %+v does not name the template in dist/ and its settings", deploy.FileName, m.Policy)
	}
	// The channel hooks: every MSI's .intunewin, and winget and Chocolatey
	// files for all arches (the last hook's write sees every MSI).
	ch := m.Channels
	if ch == nil || ch.Intune == nil || len(ch.Intune.Packages) != arches || ch.Winget == nil || len(ch.Winget.Files) != 3 || ch.Chocolatey == nil {
		t.Fatalf("%s's channels %+v do not name an .intunewin per MSI, the winget manifests and the .nupkg", deploy.FileName, ch)
	}
	named := []string{ch.Chocolatey.File}
	for _, f := range ch.Intune.Packages {
		named = append(named, f)
	}
	for _, f := range ch.Winget.Files {
		named = append(named, "winget/"+f)
	}
	for _, f := range named {
		if files[f] == "" {
			t.Errorf("%s names %s, which is not in dist/: %v", deploy.FileName, f, sortedKeys(files))
		}
	}
	installer, err := os.ReadFile(filepath.Join(dir, "winget", ch.Winget.Files[1]))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(installer), "- Architecture: "); n != arches {
		t.Errorf("the winget installer manifest has %d installers, want %d:\n%s", n, arches, installer)
	}
}

// TestSnapshotWithoutACommitIsRefused: issue 19 part 4. goreleaser alone
// (none of the SVCPACK_* variables Run sets), in a clone without a remote,
// reads no commit: it passes "none" (in its snapshot version too) and
// 0001-01-01 to the hooks, and svcpack msi refuses them, saying what to do,
// before any MSI is made.
func TestSnapshotWithoutACommitIsRefused(t *testing.T) {
	ctx := context.Background()
	var log bytes.Buffer
	gr, err := Goreleaser(ctx, "../../..", &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	dir := checkout(t, "../../..")
	cmd := exec.CommandContext(ctx, gr, "release", "--snapshot", "--clean")
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "SVCPACK_") && name != "SOURCE_DATE_EPOCH" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("goreleaser without a commit succeeded:\n%s", out)
	}
	for _, want := range []string{`"0.0.1-snapshot-none"`, "add one (git remote add origin URL), or set SVCPACK_VERSION, SVCPACK_COMMIT and SVCPACK_DATE"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("goreleaser's output lacks %q:\n%s", want, out)
		}
	}
	if msis, _ := filepath.Glob(filepath.Join(dir, Dir, "*.msi")); len(msis) > 0 {
		t.Errorf("MSIs were made: %v", msis)
	}
	t.Logf("goreleaser's output:\n%s", out)
}
