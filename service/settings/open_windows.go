package settings

import (
	"os"

	"github.com/svcpack/svcpack/internal/nofollow"
)

// openNoLink opens the plain file at path for reading, refusing a link
// (symbolic link, junction, other reparse point) at its end and a file with
// more than one name (nofollow.OpenRead).
func openNoLink(path string) (*os.File, error) { return nofollow.OpenRead(path) }
