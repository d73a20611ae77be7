package settings

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/linktest"
	"github.com/svcpack/svcpack/internal/testtemp"
)

// config.json that is a link (Unix symbolic link or hard link under Wine,
// symbolic link and hard link on Windows CI) is never read or written
// through: the data folder is writable by the service's account, and
// configure runs as an administrator or SYSTEM. Reading refuses it, Apply
// with a value refuses it, Seed leaves it alone, and the target keeps its
// content.
func TestFileRefusesLinks(t *testing.T) {
	for _, kind := range linktest.FileKinds {
		t.Run(string(kind), func(t *testing.T) {
			const secret = `{"listen": "127.0.0.1:1"}`
			victim := filepath.Join(testtemp.Dir(t), "secret.json")
			if err := os.WriteFile(victim, []byte(secret), 0o644); err != nil {
				t.Fatal(err)
			}
			f := testFile(t).WithPath(filepath.Join(testtemp.Dir(t), "config.json"))
			linktest.Make(t, kind, f.Path, victim)
			if v, err := f.Read(); err == nil || !strings.Contains(err.Error(), "link") {
				t.Errorf("Read read through the link: %v, %v", v, err)
			}
			if err := f.Apply(map[string]string{"listen": "127.0.0.1:2"}); err == nil {
				t.Error("Apply wrote over the link")
			}
			if err := f.Seed(map[string]string{"listen": "127.0.0.1:2"}); err != nil {
				t.Errorf("Seed: %v", err)
			}
			if b, _ := os.ReadFile(victim); string(b) != secret {
				t.Errorf("the link's target changed: %q", b)
			}
		})
	}
}
