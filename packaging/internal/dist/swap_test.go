package dist

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tree maps every file under dir (relative, slash-separated) to its sha256;
// nil when dir does not exist.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	if _, err := os.Lstat(dir); err != nil {
		return nil
	}
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		sum := sha256.Sum256(b)
		m[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }

// TestSwapRollback: a failed run leaves the previous dir byte for byte, kept
// subdirectories included, and none of its own files; with no previous dir,
// no dir.
func TestSwapRollback(t *testing.T) {
	root := t.TempDir()
	dir, aside := filepath.Join(root, "dist"), filepath.Join(root, ".git", "aside")
	write(t, filepath.Join(dir, "old.msi"), "old")
	write(t, filepath.Join(dir, "smoke", "s.msi"), "smoke")
	before := tree(t, dir)
	s, err := begin(dir, aside, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(dir); err == nil {
		t.Fatal("dir still there after begin: goreleaser would refuse it")
	}
	write(t, filepath.Join(dir, "half", "new.exe"), "partial")
	if err := s.rollback(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dir); !maps.Equal(got, before) {
		t.Errorf("after a failed run dir holds %v, want %v as before", sortedKeys(got), sortedKeys(before))
	}
	if _, err := os.Lstat(aside); err == nil {
		t.Error("aside dir left behind")
	}

	empty := filepath.Join(root, "none")
	s, err = begin(empty, filepath.Join(root, ".git", "aside2"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(empty, "half.exe"), "partial")
	if err := s.rollback(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(empty); err == nil {
		t.Error("a failed first run left a dir")
	}
}

// TestSwapCommit: a successful run's files replace the old ones; the kept
// subdirectories come across, nothing else does.
func TestSwapCommit(t *testing.T) {
	root := t.TempDir()
	dir, aside := filepath.Join(root, "dist"), filepath.Join(root, ".git", "aside")
	write(t, filepath.Join(dir, "stale.msi"), "old")
	write(t, filepath.Join(dir, "smoke", "s.msi"), "smoke")
	write(t, filepath.Join(dir, ".build", "w"), "work")
	s, err := begin(dir, aside, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "new.msi"), "new")
	if err := s.commit(); err != nil {
		t.Fatal(err)
	}
	got := sortedKeys(tree(t, dir))
	if want := []string{".build/w", "new.msi", "smoke/s.msi"}; !slices.Equal(got, want) {
		t.Errorf("dir holds %v, want %v", got, want)
	}
	if _, err := os.Lstat(aside); err == nil {
		t.Error("aside dir left behind")
	}
}

// TestSwapInterrupted: a run killed between begin and its end left the old
// dir aside and a partial new one; the next begin puts the old one back
// before it starts.
func TestSwapInterrupted(t *testing.T) {
	root := t.TempDir()
	dir, aside := filepath.Join(root, "dist"), filepath.Join(root, ".git", "aside")
	write(t, filepath.Join(dir, "good.msi"), "good")
	before := tree(t, dir)
	if _, err := begin(dir, aside, io.Discard); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "partial.exe"), "killed here")
	var log bytes.Buffer
	s, err := begin(dir, aside, &log)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "interrupted run") {
		t.Errorf("no line about the interrupted run: %q", log.String())
	}
	if err := s.rollback(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dir); !maps.Equal(got, before) {
		t.Errorf("dir holds %v, want the good run's %v", sortedKeys(got), sortedKeys(before))
	}
}

// TestGitVersion reads `goreleaser --version` as released binaries and go
// builds print it, and compares with the pin.
func TestGitVersion(t *testing.T) {
	out := "  ____\n\ngoreleaser: Release engineering, simplified.\nhttps://goreleaser.com\n\nGitVersion:    v2.15.1\nGitCommit:     unknown\n"
	v, err := parseGitVersion(out)
	if err != nil || v != "v2.15.1" {
		t.Fatalf("parseGitVersion = %q, %v", v, err)
	}
	for _, c := range []struct {
		a, b string
		same bool
	}{{"v2.15.1", "v2.15.1", true}, {"2.15.1", "v2.15.1", true}, {"2.15.0", "v2.15.1", false}, {"", "v2.15.1", false}, {"v2.15.10", "v2.15.1", false}} {
		if got := sameVersion(c.a, c.b); got != c.same {
			t.Errorf("sameVersion(%q, %q) = %v", c.a, c.b, got)
		}
	}
	if _, err := parseGitVersion("goreleaser version 2\n"); err == nil {
		t.Error("no GitVersion line: no error")
	}
}

// TestGoreleaserFromEnv: a goreleaser named by the environment is used when
// it is the pinned version and refused, naming both versions, when not.
func TestGoreleaserFromEnv(t *testing.T) {
	ctx := context.Background()
	want, err := pinnedGoreleaser(ctx, "../../..")
	if err != nil {
		t.Fatal(err)
	}
	fake := func(v string) string {
		p := filepath.Join(t.TempDir(), "goreleaser")
		if err := os.WriteFile(p, []byte("#!/bin/sh\nprintf 'goreleaser\\n\\nGitVersion:    "+v+"\\n'\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	right := fake(want)
	t.Setenv(EnvGoreleaser, right)
	var log bytes.Buffer
	if got, err := Goreleaser(ctx, "../../..", &log); err != nil || got != right {
		t.Errorf("pinned version in %s: Goreleaser = %q, %v; want %q", EnvGoreleaser, got, err, right)
	}
	t.Setenv(EnvGoreleaser, fake("v1.0.0"))
	if _, err := Goreleaser(ctx, "../../..", &log); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "v1.0.0") {
		t.Errorf("another version in %s: err = %v, want one naming %s and v1.0.0", EnvGoreleaser, err, want)
	}
}
