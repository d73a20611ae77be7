package cli

import "github.com/svcpack/svcpack/packaging/internal/msidb"

// checkPackages refuses, before any tool runs, an argument that is not a
// regular file holding an MSI: msiinfo would otherwise block on a named
// pipe, or fail on a text file with a message that does not name it.
func checkPackages(paths []string) error {
	for _, p := range paths {
		if err := msidb.CheckPackage(p); err != nil {
			return err
		}
	}
	return nil
}
