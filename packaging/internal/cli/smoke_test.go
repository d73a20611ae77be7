package cli

import (
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
)

// svcpack smoke refuses a bad command line (exit 2) and a bad product file
// (exit 3) before it builds or starts anything; a missing MSI fails the step
// (exit 1). The suite itself runs in TestAdoptGoService, TestAdoptWrappedProgram and mage smoke.
func TestSmokeCommandLine(t *testing.T) {
	out, _ := wantExit(t, exitOK, "smoke", "--help")
	contains(t, "smoke --help", out, "usage: go tool svcpack smoke", "--run", "derives", "NOT VERIFIABLE HERE", "exit codes:")
	_, errs := wantExit(t, exitUsage, "smoke", "--product", repoProduct)
	contains(t, "smoke without an MSI", errs, "smoke needs at least one MSI")
	_, errs = wantExit(t, exitUsage, "smoke", "--product", repoProduct, "--run", "(", "x.msi")
	contains(t, "smoke --run (", errs, `--run "("`)
	bad := writeProduct(t, "company: svcpack", "company: 'a/b'")
	wantExit(t, exitProduct, "smoke", "--product", bad, "x.msi")
	_, errs = wantExit(t, exitFailed, "smoke", "--product", repoProduct, filepath.Join(testtemp.Dir(t), "missing.msi"))
	contains(t, "smoke on a missing MSI", errs, "missing.msi")
}
