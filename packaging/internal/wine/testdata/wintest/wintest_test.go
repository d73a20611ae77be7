// Package wintest is a Windows test package the harness runs through
// `go test -exec wineexec`, to prove a pass passes and a failure fails.
package wintest

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestRunsOnWindows(t *testing.T) {
	if runtime.GOOS != "windows" {
		t.Fatalf("GOOS = %s, want windows", runtime.GOOS)
	}
	if want := os.Getenv("WINTEST_WANT_PROBE"); want != "" && os.Getenv("SVCPACK_PROBE") != want {
		t.Fatalf("SVCPACK_PROBE = %q, want %q", os.Getenv("SVCPACK_PROBE"), want)
	}
	if os.Getenv("WINTEST_FAIL") == "1" {
		t.Fatal("failing on purpose (WINTEST_FAIL=1)")
	}
}

// A Unix path handed over in the environment (how mage passes prebuilt
// binaries) is usable as is, and filepath.Abs turns it into the Z:\ path
// the SCM and msiexec need, because go test starts us in a Z:\ directory.
func TestUnixPathFromEnv(t *testing.T) {
	p := os.Getenv("WINTEST_UNIX_PATH")
	if p == "" {
		t.Skip("WINTEST_UNIX_PATH not set")
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(p)
	if err != nil || !strings.HasPrefix(abs, `Z:\`) {
		t.Fatalf("Abs(%q) = %q, %v; want a Z:\\ path", p, abs, err)
	}
}
