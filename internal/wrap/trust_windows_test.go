package wrap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/acltest"
	"github.com/svcpack/svcpack/internal/linktest"
	"github.com/svcpack/svcpack/internal/rmtree"
	"github.com/svcpack/svcpack/internal/testtemp"
)

// TestCheckFilesRefusesAnotherWriter: files the test makes under Program
// Files pass (on Windows owned by Administrators; Wine reports every file as
// owned by the account running the test, docs/platform.md); once Everyone
// may write the config, it is refused, naming the config and the account.
func TestCheckFilesRefusesAnotherWriter(t *testing.T) {
	dir := filepath.Join(os.Getenv("ProgramFiles"), "svcpack test", "trust")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := rmtree.Remove(dir); err != nil {
			t.Errorf("remove %s: %v", dir, err)
		}
	})
	exe := filepath.Join(dir, "app.exe")
	for _, f := range []string{exe, ConfigPath(exe)} {
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := CheckFiles(exe, Config{Program: exe, Dir: dir}); err != nil {
		t.Fatalf("files only the running account may write were refused: %v", err)
	}
	acltest.GrantEveryoneWrite(t, ConfigPath(exe))
	err := CheckFiles(exe, Config{Program: exe, Dir: dir})
	if err == nil {
		t.Fatal("a config Everyone may write was trusted")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, ConfigPath(exe)+" may be written by ") || !strings.Contains(msg, "S-1-1-0") || !strings.Contains(msg, "Program Files") {
		t.Errorf("the refusal does not name the config, the account and what to do: %v", err)
	}
	t.Logf("refusal: %v", err)
}

// TestCheckFilesTrustsTheSystemFolder: cmd.exe in System32 (owned by
// TrustedInstaller, written by no one else) passes, with every folder
// above it. Wine reports no real owners, so only Windows can show it.
func TestCheckFilesTrustsTheSystemFolder(t *testing.T) {
	if linktest.UnderWine() {
		t.Skip("NOT VERIFIABLE HERE (Wine): files' owners and DACLs are made from Unix mode bits, owner S-1-5-21-0-0-0-1000 (docs/platform.md); asserted on Windows")
	}
	system32 := filepath.Join(os.Getenv("SystemRoot"), "System32")
	cmd := filepath.Join(system32, "cmd.exe")
	for _, tg := range trustTargets(filepath.Join(system32, "svchost.exe"), Config{Program: cmd, Dir: system32}) {
		if strings.HasSuffix(strings.ToLower(tg.path), ".yaml") {
			continue // no svchost.yaml: only the real files are read
		}
		s, err := ReadSecurity(tg.path)
		if err != nil {
			t.Fatal(err)
		}
		if err := judge(tg, s, func(sid string) bool { return trustedSIDs[sid] }, AccountName); err != nil {
			t.Errorf("refused: %v", err)
		}
	}
}

// TestReadSecurityReportsALink: a link is reported as one, not followed.
func TestReadSecurityReportsALink(t *testing.T) {
	for _, kind := range []linktest.Kind{linktest.Junction, linktest.SymlinkDir, linktest.SymlinkFile} {
		t.Run(string(kind), func(t *testing.T) {
			dir := testtemp.Dir(t)
			target := filepath.Join(dir, "target")
			var err error
			if kind == linktest.SymlinkFile {
				err = os.WriteFile(target, []byte("x"), 0o644)
			} else {
				err = os.Mkdir(target, 0o755)
			}
			if err != nil {
				t.Fatal(err)
			}
			link := filepath.Join(dir, "link")
			linktest.Make(t, kind, link, target)
			s, err := ReadSecurity(link)
			if err != nil {
				t.Fatal(err)
			}
			if !s.Link {
				t.Errorf("ReadSecurity(%s) = %+v: the %s was followed", link, s, kind)
			}
		})
	}
}
