package settings

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/internal/linktest"
	"github.com/svcpack/svcpack/internal/testtemp"
)

// TestWriteConfigReplacesALinkNotItsTarget: config.json is a link to a file
// elsewhere (Unix symbolic link or hard link under Wine, symbolic link on
// Windows CI). Writing the config (configure --set, first start) replaces
// the link itself by a plain file through rename; the target keeps its
// content.
func TestWriteConfigReplacesALinkNotItsTarget(t *testing.T) {
	for _, kind := range linktest.FileKinds {
		t.Run(string(kind), func(t *testing.T) {
			victim := filepath.Join(testtemp.Dir(t), "victim.json")
			if err := os.WriteFile(victim, []byte("not yours\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(testtemp.Dir(t), "config.json")
			linktest.Make(t, kind, path, victim)
			f := testFile(t).WithPath(path)
			vals := map[string]string{"listen": "127.0.0.1:1"}
			if err := f.write(vals); err != nil {
				t.Fatal(err)
			}
			if data, _ := os.ReadFile(victim); string(data) != "not yours\n" {
				t.Errorf("the link's target was written: %q", data)
			}
			if data, _ := os.ReadFile(path); string(data) != string(f.format(vals)) {
				t.Errorf("config.json is %q", data)
			}
		})
	}
}
