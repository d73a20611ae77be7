package smoke

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	smokeDir    string // SVCPACK_SMOKE_DIR, absolute
	wineVersion string // "" on Windows
)

func TestMain(m *testing.M) {
	if err := setup(); err != nil {
		fmt.Fprintln(os.Stderr, "smoke:", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

func setup() error {
	dir := os.Getenv(EnvDir)
	if dir == "" {
		return fmt.Errorf("%s is not set: point it at the packages `go tool mage smokeMSIs` writes (dist/smoke)", EnvDir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	for _, v := range versions {
		if _, err := os.Stat(filepath.Join(abs, msiName(v))); err != nil {
			return fmt.Errorf("%s: %w (build the packages with `go tool mage smokeMSIs`)", EnvDir, err)
		}
	}
	smokeDir = abs
	wineVersion = detectWine()
	// Wine runs everything as an administrator without elevation.
	if wineVersion == "" && !windows.GetCurrentProcessToken().IsElevated() {
		return fmt.Errorf("msiexec installs per machine: run the tests from an elevated shell")
	}
	return nil
}

// detectWine returns Wine's version, or "" on Windows: Wine's ntdll exports
// wine_get_version, Windows' does not.
func detectWine() string {
	proc := windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version")
	if proc.Find() != nil {
		return ""
	}
	r, _, _ := proc.Call()
	return windows.BytePtrToString(*(**byte)(unsafe.Pointer(&r))) // a C string in ntdll
}

// windowsOnly ends t as SKIP under Wine, with a marker that says the check
// exists, was not made here, and runs on Windows: never as a pass.
func windowsOnly(t *testing.T, what string) {
	t.Helper()
	if wineVersion != "" {
		t.Skipf("NOT VERIFIABLE HERE (Wine %s): %s; asserted when run on Windows", wineVersion, what)
	}
}

// pkg is the path of the test package of version v.
func pkg(v string) string { return filepath.Join(smokeDir, msiName(v)) }
