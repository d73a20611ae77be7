//go:build !windows

package service

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestImportersPullOnlyXSys: a program importing service/... (for Windows
// or any other OS) needs no module but this one and golang.org/x/sys. It
// asks the go command, so it runs on the Linux side only.
func TestImportersPullOnlyXSys(t *testing.T) {
	for _, goos := range []string{"windows", "linux"} {
		cmd := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", "./...")
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list (GOOS=%s): %v", goos, err)
		}
		for _, m := range strings.Fields(string(out)) {
			if m != "github.com/svcpack/svcpack" && m != "golang.org/x/sys" {
				t.Errorf("GOOS=%s: service/... pulls in module %s", goos, m)
			}
		}
	}
}
