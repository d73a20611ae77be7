//go:build unix

package msidb

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/cfb"
)

func TestCheckPackage(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.msi")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "text.msi")
	os.WriteFile(text, []byte(strings.Repeat("not an msi\n", 100)), 0o644)
	short := filepath.Join(dir, "short.msi")
	os.WriteFile(short, []byte("\xD0\xCF\x11\xE0"), 0o644)
	other := filepath.Join(dir, "other.mst")
	b, err := cfb.Build([16]byte{0x82, 0x10, 0x0C}, []cfb.Stream{{Name: "s", Data: []byte("x")}})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(other, b, 0o644)
	good := tinyMSI(t) // wixl's, as the pipeline makes them
	for path, want := range map[string]string{
		fifo:  "a named pipe",
		dir:   "a directory",
		text:  "compound file signature",
		short: "shorter than",
		other: "another class",
	} {
		if err := CheckPackage(path); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), filepath.Base(path)) {
			t.Errorf("CheckPackage(%s) = %v, want an error naming it and saying %q", filepath.Base(path), err, want)
		}
	}
	if err := CheckPackage(good); err != nil {
		t.Errorf("CheckPackage of a compound file of the MSI class: %v", err)
	}
}
