package wrap

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
)

// TestWorkingDirReachesProgram: the program runs in working_dir: a file it
// creates by a relative name lands there.
func TestWorkingDirReachesProgram(t *testing.T) {
	dir := testtemp.Dir(t)
	c := childConfig(t, "touch", "made-here.flag", "exit", "0")
	c.Dir = dir
	p, out := start(t, c)
	<-p.Done()
	p.Close()
	if _, err := os.Stat(filepath.Join(dir, "made-here.flag")); err != nil {
		t.Errorf("the program's relative file is not in working_dir %s (%v); output:\n%s", dir, err, out.String())
	}
}
