package wine

import (
	"path/filepath"
	"strings"
)

// WinPath maps a Unix path to the Windows path a program in the prefix sees.
// Wine maps Z: to the Unix root, so every host file is reachable there.
func WinPath(unixPath string) string {
	abs, err := filepath.Abs(unixPath)
	if err != nil {
		// Abs fails only when the working directory is gone; a relative path
		// is still correct relative to the Windows process's current directory.
		abs = unixPath
	}
	return `Z:` + strings.ReplaceAll(abs, "/", `\`)
}
