// Package adoptmod prepares a new module that requires this repository (an
// adopter's, in the adoption tests and the bench) to resolve offline.
//
// The go command checks each module it adds to go.sum against the checksum
// database; with GOPROXY=off it asks sum.golang.org directly, which a new
// machine cannot reach (and only a machine that cached the answer earlier
// could). This repository's go.sum already holds the verified checksums of
// every module the adopter's graph needs (svcpack's requirements), so the new
// module starts from them: verification stays on, and nothing is looked up.
package adoptmod

import (
	"fmt"
	"os"
	"path/filepath"
)

// SeedSums writes root's go.sum as dir's go.sum, unless dir has one already.
func SeedSums(root, dir string) error {
	sums, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return fmt.Errorf("read this repository's checksums: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "go.sum"), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("seed the new module's go.sum: %w", err)
	}
	if _, err := f.Write(sums); err != nil {
		f.Close()
		return fmt.Errorf("seed the new module's go.sum: %w", err)
	}
	return f.Close()
}
