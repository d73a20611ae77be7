//go:build unix

package atomicfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A link at the output path is replaced by the new file; its target keeps
// its content.
func TestWriteReplacesALinkAtTheOutputNeverItsTarget(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	os.WriteFile(target, []byte("precious"), 0o644)
	out := filepath.Join(dir, "out.msi")
	if err := os.Symlink(target, out); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, target); got != "precious" {
		t.Errorf("the link's target now holds %q", got)
	}
	fi, err := os.Lstat(out)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != Mode {
		t.Fatalf("the output is %v (%v), want a regular file with mode %o", fi.Mode(), err, Mode)
	}
	if got := read(t, out); got != "new" {
		t.Errorf("output holds %q", got)
	}
}

// Links planted at the names earlier writers used (out.tmp, .out.tmp) are
// never opened: the temporary name is random and created exclusively.
func TestWriteNeverWritesThroughALinkAtATemporaryName(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	os.WriteFile(target, []byte("precious"), 0o644)
	out := filepath.Join(dir, "out.msi")
	for _, name := range []string{"out.msi.tmp", ".out.msi.tmp"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := Copy(target, out); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, target); got != "precious" {
		t.Errorf("the link's target now holds %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 { // target, out.msi and the two links: no temporary file left
		t.Errorf("folder holds %d entries, want 4: %v", len(entries), entries)
	}
}

func TestNotInputRefusesTheInputHoweverNamed(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "x.msi")
	os.WriteFile(in, []byte("msi"), 0o644)
	link := filepath.Join(dir, "link.msi")
	os.Symlink(in, link)
	hard := filepath.Join(dir, "hard.msi")
	os.Link(in, hard)
	t.Chdir(dir)
	for _, out := range []string{in, "x.msi", "./sub/../x.msi", dir + "//x.msi", link, hard} {
		err := NotInput(Named{"-o", out}, Named{"the MSI", "x.msi"})
		if err == nil || !strings.Contains(err.Error(), "an output may not be an input") || !strings.Contains(err.Error(), "-o") {
			t.Errorf("-o %s: %v, want a refusal naming -o", out, err)
		}
	}
	for _, out := range []string{"x.mst", filepath.Join(dir, "missing.msi")} {
		if err := NotInput(Named{"-o", out}, Named{"the MSI", in}, Named{"--wxs", ""}); err != nil {
			t.Errorf("-o %s: %v", out, err)
		}
	}
}
