//go:build unix

package inputfile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOpenRefusesWhatIsNotARegularFile without blocking: a FIFO nobody
// writes to, a device, a directory. A test that blocked would time out.
func TestOpenRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "svcpack.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{fifo: "a named pipe", "/dev/zero": "a character device", dir: "a directory"} {
		f, err := Open(path)
		if err == nil {
			f.Close()
			t.Errorf("Open(%s) succeeded", path)
			continue
		}
		if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
			t.Errorf("Open(%s): %v, want it named and called %s", path, err, want)
		}
	}
}

func TestReadFileBoundsTheSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	os.WriteFile(path, []byte("12345"), 0o644)
	if b, err := ReadFile(path, 5); err != nil || string(b) != "12345" {
		t.Errorf("ReadFile at the limit: %q, %v", b, err)
	}
	if _, err := ReadFile(path, 4); err == nil || !strings.Contains(err.Error(), "larger than 4 bytes") {
		t.Errorf("ReadFile over the limit: %v", err)
	}
	link := filepath.Join(t.TempDir(), "link")
	os.Symlink(path, link)
	if _, err := ReadFile(link, 5); err != nil {
		t.Errorf("a link to a regular file is an input like the file: %v", err)
	}
}
