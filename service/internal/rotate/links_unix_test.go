//go:build unix

package rotate

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/internal/nofollow"
)

// TestLogDoesNotWriteThroughLinksPOSIX: the same rule off Windows (console
// mode): logs/ or the log file a symbolic link, or the file a hard link, is
// refused and the target keeps its content.
func TestLogDoesNotWriteThroughLinksPOSIX(t *testing.T) {
	for _, c := range []string{"dir symlink", "file symlink", "hard link"} {
		t.Run(c, func(t *testing.T) {
			outside := t.TempDir()
			victim := filepath.Join(outside, "victim.log")
			if err := os.WriteFile(victim, []byte("not yours\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "logs")
			var err error
			switch c {
			case "dir symlink":
				err = os.Symlink(outside, dir)
			case "file symlink":
				if err = os.Mkdir(dir, 0o755); err == nil {
					err = os.Symlink(victim, filepath.Join(dir, "svc.log"))
				}
			case "hard link":
				if err = os.Mkdir(dir, 0o755); err == nil {
					err = os.Link(victim, filepath.Join(dir, "svc.log"))
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			w, err := Open(dir, "svc", 1<<20, 3)
			if err == nil {
				_, _ = w.Write([]byte("through the link\n"))
				w.Close()
			}
			var le *nofollow.LinkError
			if !errors.As(err, &le) {
				t.Errorf("Open: %v; want a link refusal", err)
			}
			entries, _ := os.ReadDir(outside)
			if data, _ := os.ReadFile(victim); len(entries) != 1 || string(data) != "not yours\n" {
				t.Errorf("the target changed: %d entries, victim %q", len(entries), data)
			}
		})
	}
}
