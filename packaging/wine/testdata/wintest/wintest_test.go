// Package wintest is a Windows test package the harness runs through
// `go test -exec wineexec`, to prove a pass passes and a failure fails.
package wintest

import (
	"os"
	"runtime"
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
