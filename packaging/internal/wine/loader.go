package wine

import (
	"fmt"
	"os/exec"
)

// debianWine64 is where Debian's wine64 package puts the 64-bit loader; its
// /usr/bin/wine script prefers the 32-bit loader when wine32 is installed.
const debianWine64 = "/usr/lib/wine/wine64"

// Loader returns the path of the 64-bit Wine loader, the program that runs
// windows/amd64 executables.
func Loader() (string, error) {
	for _, name := range []string{debianWine64, "wine64", "wine"} {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("find the Wine loader: none of %s, wine64, wine exists (install the Debian packages wine and wine64)", debianWine64)
}
