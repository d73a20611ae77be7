//go:build unix

package settings

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteConfigReplacesALinkNotItsTargetPOSIX: as on Windows, writing
// the config over a symbolic or hard link replaces the link, not the target.
func TestWriteConfigReplacesALinkNotItsTargetPOSIX(t *testing.T) {
	for _, link := range []func(string, string) error{os.Symlink, os.Link} {
		victim := filepath.Join(t.TempDir(), "victim.json")
		if err := os.WriteFile(victim, []byte("not yours\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "config.json")
		if err := link(victim, path); err != nil {
			t.Fatal(err)
		}
		if err := testFile(t).WithPath(path).write(map[string]string{"listen": "127.0.0.1:1"}); err != nil {
			t.Fatal(err)
		}
		if data, _ := os.ReadFile(victim); string(data) != "not yours\n" {
			t.Errorf("the link's target was written: %q", data)
		}
		if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
			t.Errorf("config.json: %v, %v; want a plain file", fi, err)
		}
	}
}
