//go:build unix

package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWritePrivateKeepsItPrivate: the folder it makes and the file it
// writes are the owner's (the group may list the folder), whatever the
// file's mode was before.
func TestWritePrivateKeepsItPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "svc", "config.json")
	if err := WritePrivate(path, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := WritePrivate(path, []byte("two")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, path); got != "two" {
		t.Errorf("content %q", got)
	}
	for p, want := range map[string]os.FileMode{path: PrivateMode, filepath.Dir(path): PrivateDirMode | os.ModeDir} {
		if fi, err := os.Stat(p); err != nil || fi.Mode() != want {
			t.Errorf("%s: %v, %v; want mode %v", p, fi.Mode(), err, want)
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}

// TestWritePrivateReplacesALink: a symbolic or hard link at the path is
// replaced by the new file; its target keeps its content.
func TestWritePrivateReplacesALink(t *testing.T) {
	for _, link := range []func(string, string) error{os.Symlink, os.Link} {
		victim := filepath.Join(t.TempDir(), "victim")
		if err := os.WriteFile(victim, []byte("not yours"), 0o644); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "config.json")
		if err := link(victim, path); err != nil {
			t.Fatal(err)
		}
		if err := WritePrivate(path, []byte("mine")); err != nil {
			t.Fatal(err)
		}
		if got := read(t, victim); got != "not yours" {
			t.Errorf("the link's target was written: %q", got)
		}
		if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() || read(t, path) != "mine" {
			t.Errorf("%s: %v, %v; want a plain file holding the new bytes", path, fi, err)
		}
	}
}
