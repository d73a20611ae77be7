package cfb_test

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/cfb"
	"github.com/svcpack/svcpack/packaging/internal/msidb"
)

// TestRewrittenMSIReadsTheSame: every stream of a wixl-built MSI, written
// again by Build, makes a file that msitools (libgsf's compound-file reader,
// not this package's) reads as the same database: same tables, rows and
// summary information. The MSI has streams below and above the mini-stream
// cutoff (the cabinet), so both kinds of sector chain are read back.
func TestRewrittenMSIReadsTheSame(t *testing.T) {
	dir := t.TempDir()
	// Random bytes do not compress: the cabinet is a large stream.
	big := make([]byte, 20000)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range big {
		big[i] = byte(r.Uint32())
	}
	if err := os.WriteFile(filepath.Join(dir, "big.bin"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "big.wxs"), []byte(bigWXS), 0o644); err != nil {
		t.Fatal(err)
	}
	orig := filepath.Join(dir, "big.msi")
	wixl := exec.Command("wixl", "-a", "x64", "-o", orig, "big.wxs")
	wixl.Dir = dir
	if b, err := wixl.CombinedOutput(); err != nil {
		t.Fatalf("wixl: %v\n%s", err, b)
	}
	clsid, streams, err := msidb.ReadStreams(orig)
	if err != nil {
		t.Fatal(err)
	}
	var small, large int
	for _, s := range streams {
		if len(s.Data) < 4096 {
			small++
		} else {
			large++
		}
	}
	if small == 0 || large == 0 {
		t.Fatalf("the MSI has %d small and %d large streams, want some of each", small, large)
	}
	var in []cfb.Stream
	for _, s := range streams {
		in = append(in, cfb.Stream{Name: s.Name, Data: s.Data})
	}
	b, err := cfb.Build(clsid, in)
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "copy.msi")
	if err := os.WriteFile(copyPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"tables"}, {"suminfo"}, {"export", "Property"}, {"export", "File"}, {"streams"}} {
		want := msiinfo(t, append(args[:1:1], append([]string{orig}, args[1:]...)...)...)
		got := msiinfo(t, append(args[:1:1], append([]string{copyPath}, args[1:]...)...)...)
		if got != want {
			t.Errorf("msiinfo %s of the rewritten file:\n%s\nwant (the original's):\n%s", strings.Join(args, " "), got, want)
		}
	}
	gotCLSID, back, err := msidb.ReadStreams(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	if gotCLSID != clsid || len(back) != len(streams) {
		t.Fatalf("read back class id %x and %d streams, want %x and %d", gotCLSID, len(back), clsid, len(streams))
	}
	for i := range back {
		if back[i].Name != streams[i].Name || !bytes.Equal(back[i].Data, streams[i].Data) {
			t.Errorf("stream %d read back as %q (%d bytes), want %q (%d bytes)", i, back[i].Name, len(back[i].Data), streams[i].Name, len(streams[i].Data))
		}
	}
}

const bigWXS = `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="{0B9E7A55-5F47-4C4E-8C44-6F0B7C3B8A12}" Name="big" Language="1033" Version="1.0.0"
           Manufacturer="svcpack" UpgradeCode="{6D4C1B52-21E3-4D1A-9C59-3E0F3B8B7C23}">
    <Package InstallerVersion="500" Compressed="yes" InstallScope="perMachine" />
    <MediaTemplate EmbedCab="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder">
        <Directory Id="INSTALLFOLDER" Name="big">
          <Component Id="Big" Guid="{7A1D6E0C-8C5B-4F3E-9B0A-2C4D6E8F0A34}" Win64="yes">
            <File Id="Big" Name="big.bin" Source="big.bin" KeyPath="yes" />
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Complete" Level="1"><ComponentRef Id="Big" /></Feature>
  </Product>
</Wix>
`

func msiinfo(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("msiinfo", args...)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("msiinfo %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestBuildRefusesBadNames(t *testing.T) {
	for _, streams := range [][]cfb.Stream{
		{{Name: "", Data: []byte("x")}},
		{{Name: strings.Repeat("n", 32), Data: []byte("x")}},
		{{Name: "Same", Data: []byte("x")}, {Name: "SAME", Data: []byte("y")}},
	} {
		if _, err := cfb.Build([16]byte{}, streams); err == nil {
			t.Errorf("Build of streams named %q: no error", streams[0].Name)
		}
	}
}
