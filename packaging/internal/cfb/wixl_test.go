package cfb

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// wixlMSI builds with wixl, into a temporary directory, an MSI that installs
// one file holding payload: a compound file this package did not write.
func wixlMSI(t *testing.T, payload []byte) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "payload.bin"), payload, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "payload.wxs"), []byte(payloadWXS), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "payload.msi")
	wixl := exec.Command("wixl", "-a", "x64", "-o", out, "payload.wxs")
	wixl.Dir = dir
	if b, err := wixl.CombinedOutput(); err != nil {
		t.Fatalf("wixl: %v\n%s", err, b)
	}
	return out
}

// WixlMSI is wixlMSI for the package's external tests.
var WixlMSI = wixlMSI

const payloadWXS = `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="{0B9E7A55-5F47-4C4E-8C44-6F0B7C3B8A12}" Name="payload" Language="1033" Version="1.0.0"
           Manufacturer="svcpack" UpgradeCode="{6D4C1B52-21E3-4D1A-9C59-3E0F3B8B7C23}">
    <Package InstallerVersion="500" Compressed="yes" InstallScope="perMachine" />
    <MediaTemplate EmbedCab="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder">
        <Directory Id="INSTALLFOLDER" Name="payload">
          <Component Id="Payload" Guid="{7A1D6E0C-8C5B-4F3E-9B0A-2C4D6E8F0A34}" Win64="yes">
            <File Id="Payload" Name="payload.bin" Source="payload.bin" KeyPath="yes" />
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Complete" Level="1"><ComponentRef Id="Payload" /></Feature>
  </Product>
</Wix>
`
