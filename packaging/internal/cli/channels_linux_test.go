//go:build linux

package cli

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/msitest"
)

// TestIntunewinNeverPrintsKeys: the command writes the package and says so,
// and no key, IV or MAC from its Detection.xml reaches its output.
func TestIntunewinNeverPrintsKeys(t *testing.T) {
	dir := testtemp.Dir(t)
	msiPath := msitest.Build(t, "../../..", dir, "1.2.3", msi.AMD64)[0]
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

// TestChannelCommandsNameTheirFiles: the three commands, run as the
// goreleaser hooks run them, write their files and name them in
// deployment.json.
func TestChannelCommandsNameTheirFiles(t *testing.T) {
	dir := testtemp.Dir(t)
	manifest := msitest.Release(t, "../../..", dir, "1.2.3")
	msis, err := filepath.Glob(filepath.Join(dir, "*.msi"))
	if err != nil || len(msis) != 3 {
		t.Fatalf("MSIs %v: %v", msis, err)
	}
	wantExit(t, exitOK, append([]string{"intunewin", "--product", repoProduct, "--manifest", manifest, "-o", dir}, msis...)...)
	_, errs := wantExit(t, exitOK, "winget", "--product", repoProduct, "--manifest", manifest, "-o", dir)
	contains(t, "winget's progress", errs, "svcpack.hellosvc.installer.yaml")
	_, errs = wantExit(t, exitOK, "choco", "--product", repoProduct, "--manifest", manifest, "-o", dir)
	contains(t, "choco's progress", errs, "hellosvc.1.2.3.nupkg")
	m, err := deploy.Read(manifest)
	if err != nil {
		t.Fatal(err)
	}
	ch := m.Channels
	if ch == nil || ch.Intune == nil || len(ch.Intune.Packages) != 3 || ch.Intune.Packages["hellosvc_1.2.3_amd64.msi"] != "hellosvc_1.2.3_amd64.intunewin" ||
		ch.Intune.Detection != "product_code_and_version" || ch.Winget == nil || len(ch.Winget.Files) != 3 ||
		ch.Chocolatey == nil || ch.Chocolatey.File != "hellosvc.1.2.3.nupkg" {
		t.Fatalf("deployment.json's channels: %+v", ch)
	}
	for _, f := range append(append([]string{ch.Chocolatey.File}, ch.Winget.Files...), ch.Intune.Packages["hellosvc_1.2.3_386.msi"]) {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	_, errs = wantExit(t, exitUsage, "winget", "--product", repoProduct, "--manifest", manifest, "extra")
	contains(t, "an argument", errs, "takes no arguments")
	_, errs = wantExit(t, exitUsage, "choco", "--product", repoProduct, "--manifest", manifest, "--version", "one")
	contains(t, "a bad version", errs, `--version "one"`)
	_, errs = wantExit(t, exitFailed, "choco", "--product", repoProduct, "--manifest", manifest, "--version", "1.2.4")
	contains(t, "a version not in the manifest", errs, `no MSI of version "1.2.4"`)
}
