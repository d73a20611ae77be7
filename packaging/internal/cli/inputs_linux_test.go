//go:build linux

package cli

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/sign"
)

// TestInputsThatAreNotFilesAreRefused: a named pipe (which nobody writes
// to: reading it would block forever), a directory or a text file given
// where a product file or an MSI is read is refused at once, with the path.
// Smoke refuses a text file before it builds its runner or starts Wine.
func TestInputsThatAreNotFilesAreRefused(t *testing.T) {
	t.Setenv(sign.EnvPFX, "")
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "text.msi")
	if err := os.WriteFile(text, []byte("not an msi"), 0o644); err != nil {
		t.Fatal(err)
	}

	_, errs := wantExit(t, exitProduct, "check", "--product", fifo)
	contains(t, "check of a FIFO", errs, fifo, "a named pipe")
	_, errs = wantExit(t, exitProduct, "check", "--product", dir)
	contains(t, "check of a directory", errs, dir, "a directory")
	_, errs = wantExit(t, exitFailed, "msi", "--product", repoProduct, "--exe", fifo, "--arch", "amd64", "--version", "1.0.0", "--out", filepath.Join(dir, "x.msi"))
	contains(t, "msi --exe FIFO", errs, fifo)

	// The product's .wxs is a named pipe: refused where it is staged.
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, "wix"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A team's own source (wxs:, the opt-in); svcpack's template is not a file.
	withWXS := append(read(t, repoProduct), []byte("\nwxs: wix/hellosvc.wxs\n")...)
	if err := os.WriteFile(filepath.Join(repo, "svcpack.yaml"), withWXS, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "wix", "hellosvc.ico"), read(t, "../../../wix/hellosvc.ico"), 0o644); err != nil {
		t.Fatal(err)
	}
	wxs := filepath.Join(repo, "wix", "hellosvc.wxs")
	if err := syscall.Mkfifo(wxs, 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs = wantExit(t, exitFailed, "msi", "--product", filepath.Join(repo, "svcpack.yaml"), "--exe", fakeExe(t), "--arch", "amd64", "--version", "1.0.0",
		"--out", filepath.Join(repo, "x.msi"))
	contains(t, "msi with a FIFO as .wxs", errs, wxs, "a named pipe")

	for _, in := range []struct{ path, want string }{{fifo, "a named pipe"}, {text, "not a Windows Installer package"}, {dir, "a directory"}} {
		_, errs = wantExit(t, exitFailed, "lint", "--product", repoProduct, in.path)
		contains(t, "lint", errs, in.path, in.want)
		_, errs = wantExit(t, exitFailed, "describe", in.path)
		contains(t, "describe", errs, in.path, in.want)
		_, errs = wantExit(t, exitFailed, "transform", "--product", repoProduct, "--set", "LISTEN=127.0.0.1:9000", "-o", filepath.Join(dir, "x.mst"), in.path)
		contains(t, "transform", errs, in.path, in.want)
		_, errs = wantExit(t, exitFailed, "smoke", "--product", repoProduct, in.path)
		contains(t, "smoke", errs, in.path, in.want)
	}
}
