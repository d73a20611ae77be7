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
)

// TestRewrittenMSIReadsTheSame: every stream of a wixl-built MSI, written
// again by Build, makes a file that msitools (libgsf's compound-file reader,
// not this package's) reads as the same database: same tables, rows and
// summary information. The MSI has streams below and above the mini-stream
// cutoff (the cabinet), so both kinds of sector chain are read back.
func TestRewrittenMSIReadsTheSame(t *testing.T) {
	// Random bytes do not compress: the cabinet is a large stream.
	big := make([]byte, 20000)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range big {
		big[i] = byte(r.Uint32())
	}
	orig := cfb.WixlMSI(t, big)
	dir := filepath.Dir(orig)
	clsid, streams, err := cfb.ReadStreams(orig)
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
	b, err := cfb.Build(clsid, streams)
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
	gotCLSID, back, err := cfb.ReadStreams(copyPath)
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
