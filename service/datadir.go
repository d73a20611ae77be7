package service

import (
	"path/filepath"

	"github.com/svcpack/svcpack/service/internal/programdata"
)

// DataDir is where the service keeps its config and logs:
// %ProgramData%\<name> on Windows (ACL'd by `service install|configure`),
// the user's config directory elsewhere, for development in console mode.
func DataDir(name string) string {
	return filepath.Join(programdata.Root(), name)
}
