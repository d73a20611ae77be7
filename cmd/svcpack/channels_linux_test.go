//go:build linux

package main

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/packaging/msi"
	"github.com/svcpack/svcpack/packaging/msitest"
)

// TestIntunewinNeverPrintsKeys: the command writes the package and says so,
// and no key, IV or MAC from its Detection.xml reaches its output.
func TestIntunewinNeverPrintsKeys(t *testing.T) {
	dir := testtemp.Dir(t)
	msiPath := msitest.Build(t, "../..", dir, "1.2.3", msi.AMD64)[0]
	out, errs := wantExit(t, exitOK, "intunewin", "-o", dir, msiPath)
	pkg := filepath.Join(dir, "hellosvc_1.2.3_amd64.intunewin")
	contains(t, "intunewin's progress", errs, "wrote "+pkg, "ProductCode {")
	zr, err := zip.OpenReader(pkg)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open("IntuneWinPackage/Metadata/Detection.xml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Key    string `xml:"EncryptionInfo>EncryptionKey"`
		MacKey string `xml:"EncryptionInfo>MacKey"`
		IV     string `xml:"EncryptionInfo>InitializationVector"`
		Mac    string `xml:"EncryptionInfo>Mac"`
	}
	if err := xml.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{d.Key, d.MacKey, d.IV, d.Mac} {
		if secret == "" || strings.Contains(out+errs, secret) {
			t.Errorf("key material %q is empty or printed:\n%s%s", secret, out, errs)
		}
	}
}
