//go:build linux

package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/sign"
)

// plantLink makes link point at a file holding "precious" and returns the
// target, to check afterwards that nothing was written through the link.
func plantLink(t *testing.T, link string) string {
	t.Helper()
	target := filepath.Join(t.TempDir(), "target")
	if err := os.WriteFile(target, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	return target
}

func wantUntouched(t *testing.T, target string) {
	t.Helper()
	if b := read(t, target); string(b) != "precious" {
		t.Errorf("%s was written through a link: it holds %d bytes", target, len(b))
	}
}

func wantRegular(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() {
		t.Errorf("%s: %v, %v: want a regular file", path, fi, err)
	}
}

// TestMSINeverWritesThroughALink: links planted at the MSI's old temporary
// name and at the MSI path itself are not followed: their targets keep
// their content and the MSI path becomes a regular file.
func TestMSINeverWritesThroughALink(t *testing.T) {
	t.Setenv(sign.EnvPFX, "")
	dir := t.TempDir()
	out := filepath.Join(dir, "hellosvc_1.0.0_amd64.msi")
	atTmp := plantLink(t, out+".tmp")
	atOut := plantLink(t, out)
	wantExit(t, exitOK, "msi", "--product", repoProduct, "--exe", fakeExe(t), "--arch", "amd64", "--version", "1.0.0",
		"--date", "2026-01-02T03:04:05Z", "--dist", dir)
	wantUntouched(t, atTmp)
	wantUntouched(t, atOut)
	wantRegular(t, out)
}

// TestOutputIsNeverAnInput: -o/--out/--manifest naming an input, however
// spelled (as given, another spelling, a link to it), is refused before
// anything is written, and the input is left as it was.
func TestOutputIsNeverAnInput(t *testing.T) {
	t.Setenv(sign.EnvPFX, "")
	pkg := buildMSI(t, "amd64")
	before := read(t, pkg)
	dir := filepath.Dir(pkg)
	link := filepath.Join(t.TempDir(), "link.msi")
	if err := os.Symlink(pkg, link); err != nil {
		t.Fatal(err)
	}
	spellings := []string{pkg, filepath.Join(dir, ".", "x", "..", filepath.Base(pkg)), link}
	for _, o := range spellings {
		_, errs := wantExit(t, exitUsage, "transform", "--product", repoProduct, "--set", "LISTEN=127.0.0.1:9000", "-o", o, pkg)
		contains(t, "transform -o its MSI", errs, "-o", "an output may not be an input")
		_, errs = wantExit(t, exitUsage, "describe", "-o", o, pkg)
		contains(t, "describe -o its MSI", errs, "-o", "an output may not be an input")
	}
	if !bytes.Equal(before, read(t, pkg)) {
		t.Fatal("the input MSI was changed")
	}

	exe := fakeExe(t)
	exeBefore := read(t, exe)
	for _, args := range [][]string{
		{"--out", exe},
		{"--out", filepath.Join(t.TempDir(), "x.msi"), "--manifest", exe},
		{"--out", pkg, "--manifest", pkg},
		{"--out", repoProduct},
	} {
		_, errs := wantExit(t, exitUsage, append([]string{"msi", "--product", repoProduct, "--exe", exe, "--arch", "amd64", "--version", "1.0.0"}, args...)...)
		contains(t, "msi writing an input", errs, "an output may not be an input")
	}
	if !bytes.Equal(exeBefore, read(t, exe)) {
		t.Fatal("--exe was changed")
	}
}

// TestMSIManifestThatDoesNotReadWritesNothing: a --manifest that is not a
// manifest fails before the MSI is built, so the MSI is not written.
func TestMSIManifestThatDoesNotReadWritesNothing(t *testing.T) {
	t.Setenv(sign.EnvPFX, "")
	dir := t.TempDir()
	manifest := filepath.Join(dir, "deployment.json")
	if err := os.WriteFile(manifest, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "x.msi")
	_, errs := wantExit(t, exitFailed, "msi", "--product", repoProduct, "--exe", fakeExe(t), "--arch", "amd64", "--version", "1.0.0",
		"--out", out, "--manifest", manifest)
	contains(t, "msi with a broken manifest", errs, "--manifest", "nothing was built")
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s was written: %v", out, err)
	}
}

// TestOutputsReplaceALinkNeverItsTarget: a link standing at the output of
// transform, describe -o, msi --manifest and admx is replaced by the new
// file; its target keeps its content. init refuses a link at a file it
// would write, as it refuses any existing file.
func TestOutputsReplaceALinkNeverItsTarget(t *testing.T) {
	t.Setenv(sign.EnvPFX, "")
	pkg := buildMSI(t, "amd64")
	dir := t.TempDir()

	mst := filepath.Join(dir, "site.mst")
	target := plantLink(t, mst)
	wantExit(t, exitOK, "transform", "--product", repoProduct, "--set", "LISTEN=127.0.0.1:9000", "-o", mst, pkg)
	wantUntouched(t, target)
	wantRegular(t, mst)

	manifest := filepath.Join(dir, "deployment.json")
	target = plantLink(t, manifest+".tmp")
	wantExit(t, exitOK, "describe", "-o", manifest, pkg)
	wantUntouched(t, target)
	wantRegular(t, manifest)
	os.Remove(manifest)
	target = plantLink(t, manifest)
	if err := os.WriteFile(target, []byte("{}"), 0o644); err != nil { // a manifest, so that it reads
		t.Fatal(err)
	}
	wantExit(t, exitOK, "msi", "--product", repoProduct, "--exe", fakeExe(t), "--arch", "amd64", "--version", "1.0.0",
		"--date", "2026-01-02T03:04:05Z", "--dist", dir, "--manifest", manifest)
	if b := read(t, target); string(b) != "{}" {
		t.Errorf("the manifest was written through the link at its path: %s", b)
	}
	wantRegular(t, manifest)

	admxDir := filepath.Join(dir, "admx")
	if err := os.Mkdir(admxDir, 0o755); err != nil {
		t.Fatal(err)
	}
	admxFile := filepath.Join(admxDir, "svcpack.hellosvc.admx")
	target = plantLink(t, admxFile)
	wantExit(t, exitOK, "admx", "--product", repoProduct, "-o", admxDir)
	wantUntouched(t, target)
	wantRegular(t, admxFile)

	initDir := t.TempDir()
	target = plantLink(t, filepath.Join(initDir, "svcpack.yaml"))
	_, errs := wantExit(t, exitFailed, "init", "--dir", initDir, "--name", "mysvc", "--company", "Contoso")
	contains(t, "init over a link", errs, "refusing to overwrite", "nothing was written")
	wantUntouched(t, target)
}
