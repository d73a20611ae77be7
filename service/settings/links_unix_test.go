//go:build unix

package settings

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// config.json that is a symbolic or hard link is never read or written
// through: the data folder is writable by the service's account, and
// configure runs as an administrator. Reading refuses it, Apply with a value
// refuses it, Seed leaves it alone; the target keeps its content.
func TestFileRefusesLinksPOSIX(t *testing.T) {
	for name, link := range map[string]func(string, string) error{"symlink": os.Symlink, "hard link": os.Link} {
		f := testFile(t)
		victim := filepath.Join(t.TempDir(), "secret.json")
		writeFile(t, victim, `{"listen": "127.0.0.1:1"}`)
		if err := os.MkdirAll(filepath.Dir(f.Path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := link(victim, f.Path); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Read(); err == nil || !strings.Contains(err.Error(), f.Path) || !strings.Contains(err.Error(), "link") {
			t.Errorf("%s: Read read through it: %v", name, err)
		}
		if _, err := f.Effective(); err == nil {
			t.Errorf("%s: Effective read through it", name)
		}
		if err := f.Apply(map[string]string{"listen": "127.0.0.1:2"}); err == nil {
			t.Errorf("%s: Apply wrote over it", name)
		}
		if err := f.Seed(map[string]string{"listen": "127.0.0.1:2"}); err != nil {
			t.Errorf("%s: Seed: %v", name, err)
		}
		if got := readFile(t, victim); got != `{"listen": "127.0.0.1:1"}` {
			t.Errorf("%s: the target changed: %q", name, got)
		}
	}
}

// A named pipe where config.json should be is refused without blocking.
func TestFileRefusesAPipe(t *testing.T) {
	f := testFile(t)
	if err := os.MkdirAll(filepath.Dir(f.Path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(f.Path, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Read(); err == nil || !strings.Contains(err.Error(), "is a named pipe, not a file") {
		t.Errorf("Read on a pipe: %v", err)
	}
}
