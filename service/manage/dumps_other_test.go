//go:build !windows

package manage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewestDumpRefusesALink: a link in place of the dumps folder is not
// listed (the product did not make it). Not on Windows, where a
// symbolic link needs a privilege a test should not assume.
func TestNewestDumpRefusesALink(t *testing.T) {
	target := t.TempDir()
	writeAged(t, filepath.Join(target, "other.dmp"), 0)
	link := filepath.Join(t.TempDir(), "dumps")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	got, _, err := newestDump(link)
	if err == nil || got != "" || !strings.Contains(err.Error(), "not a plain folder") {
		t.Fatalf("newestDump through a link = %q, %v; want refused", got, err)
	}
}
