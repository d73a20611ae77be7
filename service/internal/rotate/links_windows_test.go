package rotate

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/internal/linktest"
	"github.com/svcpack/svcpack/internal/nofollow"
	"github.com/svcpack/svcpack/internal/testtemp"
)

// TestLogDoesNotWriteThroughLinks: logs\ itself, or the log file, is a link
// to elsewhere (or the file has a second name elsewhere): Open refuses with
// a *nofollow.LinkError and the target is unchanged. Real links: Unix
// symbolic links and hard links under Wine, junctions and symbolic links on
// Windows CI.
func TestLogDoesNotWriteThroughLinks(t *testing.T) {
	type linkCase struct {
		kind linktest.Kind
		file bool // the log file is the link; else logs\ is
	}
	var cases []linkCase
	for _, k := range linktest.DirKinds {
		cases = append(cases, linkCase{k, false})
	}
	for _, k := range linktest.FileKinds {
		cases = append(cases, linkCase{k, true})
	}
	for _, c := range cases {
		name := "logs is a " + string(c.kind)
		if c.file {
			name = "svc.log is a " + string(c.kind)
		}
		t.Run(name, func(t *testing.T) {
			outside := testtemp.Dir(t)
			victim := filepath.Join(outside, "victim.log")
			if err := os.WriteFile(victim, []byte("not yours\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(testtemp.Dir(t), "logs")
			if c.file {
				if err := os.Mkdir(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				linktest.Make(t, c.kind, filepath.Join(dir, "svc.log"), victim)
			} else {
				linktest.Make(t, c.kind, dir, outside)
			}
			w, err := Open(dir, "svc", 1<<20, 3)
			if err == nil {
				_, _ = w.Write([]byte("through the link\n"))
				w.Close()
			}
			var le *nofollow.LinkError
			if !errors.As(err, &le) {
				t.Errorf("Open: %v; want a link refusal", err)
			} else {
				t.Log(err)
			}
			entries, _ := os.ReadDir(outside)
			data, _ := os.ReadFile(victim)
			if len(entries) != 1 || string(data) != "not yours\n" {
				t.Errorf("the link's target changed: %d entries, victim %q", len(entries), data)
			}
		})
	}
}
