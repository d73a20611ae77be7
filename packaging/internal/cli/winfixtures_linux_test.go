//go:build linux

package cli

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/sign"
)

// The Windows CI job runs TestAdoptedMSI, TestTransformMSI and
// TestTransformHellosvc natively, where the checks Wine cannot make (msiexec
// refusing a transform for another version or product with 1624) must pass.
// Windows has no wixl, so the Linux job writes their packages and
// transforms with the same helpers the Wine drivers use
// (TestAdoptGoService, TestTransformUnderWine) and hands them over as an
// artifact: `go tool mage windowsFixtures`.
var windowsFixtures = flag.String("windows-fixtures", "", "write the packages and transforms the Windows tests of this package need to `dir`, with env.txt naming them (TestWindowsFixtures)")

// The addresses the services listen on, fixed at build time: the CI runner
// is a fresh machine where nothing else listens there.
const (
	fixtureAdoptAddr     = "127.0.0.1:48101"
	fixtureTransformAddr = "127.0.0.1:48102"
	fixtureHellosvcAddr  = "127.0.0.1:48103"
	fixtureHellosvcMoved = "127.0.0.1:48104"
)

// envFileName lists, one NAME=VALUE a line, the variables the Windows tests
// read; a VALUE starting with @ is a file name relative to the folder.
const envFileName = "env.txt"

// TestWindowsFixtures writes, with -windows-fixtures=dir, what the Windows
// tests need to dir and env.txt; the files are checked to be packages and
// transforms (compound files). Without the flag there is nothing to write.
func TestWindowsFixtures(t *testing.T) {
	if *windowsFixtures == "" {
		t.Skip("only with -windows-fixtures=dir (go tool mage windowsFixtures, the CI's Linux job)")
	}
	out, err := filepath.Abs(*windowsFixtures)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(sign.EnvPFX, "")
	var env []string
	file := func(name, src, base string) {
		b := read(t, src)
		if len(b) < 512 || string(b[:8]) != "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" {
			t.Fatalf("%s is not a compound file (an MSI or a transform)", src)
		}
		if err := os.WriteFile(filepath.Join(out, base), b, 0o644); err != nil {
			t.Fatal(err)
		}
		env = append(env, name+"=@"+base)
	}

	// TestAdoptedMSI: init's module listening on fixtureAdoptAddr.
	dir := initModule(t)
	listenAt(t, dir, fixtureAdoptAddr)
	file(envAdoptMSI, adoptedMSI(t, dir, adoptedModule(t, dir), "0.1.0"), "adopt_mysvc_0.1.0_amd64.msi")
	env = append(env, envAdoptAddr+"="+fixtureAdoptAddr)

	// TestTransformMSI and TestTransformHellosvc.
	dir = initModule(t)
	listenAt(t, dir, fixtureTransformAddr)
	f := makeTransformFixtures(t, dir, fixtureHellosvcAddr)
	file(envTransformMSI, f.pkg, "mysvc_0.1.0_amd64.msi")
	file(envTransformNext, f.next, "mysvc_0.2.0_amd64.msi")
	file(envTransformSite, f.site, "site.mst")
	file(envTransformVersion, f.otherVersion, "version.mst")
	file(envTransformProduct, f.otherProduct, "product.mst")
	file(envHellosvcMSI, f.hello, "hellosvc_1.0.0_amd64.msi")
	file(envHellosvcMST, f.helloMST, "listen.mst")
	env = append(env, envTransformAddr+"="+fixtureTransformAddr, envHellosvcAddr+"="+fixtureHellosvcAddr, envHellosvcMoved+"="+fixtureHellosvcMoved)

	if err := os.WriteFile(filepath.Join(out, envFileName), []byte(strings.Join(env, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s:\n%s", out, strings.Join(env, "\n"))
}
