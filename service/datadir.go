package service

import (
	"os"
	"path/filepath"
	"runtime"
)

// DataDir is where the service keeps its config and logs:
// %ProgramData%\<name> on Windows (ACL'd by `service install|configure`),
// the user's config directory elsewhere, for development in console mode.
func DataDir(name string) string {
	if runtime.GOOS == "windows" {
		base := os.Getenv("ProgramData")
		if base == "" {
			base = `C:\ProgramData`
		}
		return filepath.Join(base, name)
	}
	base, err := os.UserConfigDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, name)
}
