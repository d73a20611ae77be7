//go:build linux

package cli

import (
	"bytes"
	"context"
	"os/exec"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/dist"
)

// TestInitGoreleaserChecks: the .goreleaser.yaml init writes, for a Go
// product and a wrapped one, is a configuration the goreleaser tools/go.mod
// pins accepts (`goreleaser check`, in a clone with a remote, as a team's
// repository is).
func TestInitGoreleaserChecks(t *testing.T) {
	var log bytes.Buffer
	gr, err := dist.Goreleaser(context.Background(), "../../..", &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	for _, args := range [][]string{nil, {"--wrap", "myprog.exe"}} {
		dir := initModule(t, args...)
		for _, cmd := range [][]string{
			{"git", "init", "-q"},
			{"git", "remote", "add", "origin", "https://github.com/contoso/mysvc.git"},
			{gr, "check"},
		} {
			c := exec.Command(cmd[0], cmd[1:]...)
			c.Dir = dir
			if out, err := c.CombinedOutput(); err != nil {
				t.Errorf("init %v, then %v: %v\n%s", args, cmd, err, out)
			}
		}
	}
}
