package manage

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/sys/windows"

	"github.com/svcpack/svcpack/internal/linktest"
	"github.com/svcpack/svcpack/internal/nofollow"
	"github.com/svcpack/svcpack/internal/rmtree"
	"github.com/svcpack/svcpack/service/internal/programdata"
)

// These tests drive the real EnsureDataDir and remove-data (through Main)
// against real links in the real ProgramData: under Wine the kinds Wine can
// make (Unix symbolic links, hard links), on Windows CI the rest
// (junctions, CreateSymbolicLink); linktest skips a kind this system cannot
// make, as "NOT VERIFIABLE HERE" under Wine.

var linkSeq atomic.Int32

// linkTestName is a data folder name no other test uses.
func linkTestName() string {
	return fmt.Sprintf("svcpacklink%d-%d", os.Getpid(), linkSeq.Add(1))
}

// outsideFolder makes a folder outside the data folder with a file in it,
// as a victim of link following, and returns it; it is removed at the end.
func outsideFolder(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(programdata.Root(), linkTestName()+"-outside")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = rmtree.Remove(dir) })
	if err := os.WriteFile(filepath.Join(dir, "victim.txt"), []byte("not yours"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// snapshot is what link following would change in the folder or file at
// path: names, contents, owner and DACL of it and what is in it.
func snapshot(t *testing.T, path string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		sd, err := windows.GetNamedSecurityInfo(p, windows.SE_FILE_OBJECT, windows.OWNER_SECURITY_INFORMATION|windows.DACL_SECURITY_INFORMATION)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %s", p, sd)
		if !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, " %q", data)
		}
		b.WriteString("\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// dataFolder is a folder in ProgramData as a user makes it before the
// install: a plain folder, removed at the end of the test (after any link
// in it, whose clean-up linktest registers later and so runs first).
func dataFolder(t *testing.T) (name, dir string) {
	t.Helper()
	name = linkTestName()
	dir = filepath.Join(programdata.Root(), name)
	t.Cleanup(func() {
		if _, err := rmtree.Remove(dir); err != nil {
			t.Errorf("clean up: %v", err)
		}
	})
	return name, dir
}

func removeDataCLI(name string) (string, error) {
	var out bytes.Buffer
	err := Main(Spec{Name: name, DisplayName: name, ServiceArgs: []string{"service", "run"}, Options: Options{Exe: `C:\x.exe`}}, []string{"remove-data"}, &out)
	return out.String(), err
}

// wantRefused: err is the *nofollow.LinkError for path.
func wantRefused(t *testing.T, what string, err error, path string) {
	t.Helper()
	var le *nofollow.LinkError
	if !errors.As(err, &le) || !strings.EqualFold(le.Path, path) {
		t.Errorf("%s: %v; want a refusal naming %s", what, err, path)
		return
	}
	t.Logf("%s: %v", what, err)
}

// removedAsLink says whether remove-data can remove a link of kind itself:
// Windows opens a junction or symbolic link as the link; Wine opens a Unix
// symbolic link only as its target, so remove-data must refuse it.
func removedAsLink(kind linktest.Kind) bool {
	return kind != linktest.UnixSymlinkDir && kind != linktest.UnixSymlinkFile
}

// TestDataFolderThatIsALink: %ProgramData%\<name> is a link to a folder
// elsewhere. EnsureDataDir refuses and changes nothing there; remove-data
// removes the link itself, or refuses when the system can open it only as
// its target; the target is never touched.
func TestDataFolderThatIsALink(t *testing.T) {
	for _, kind := range linktest.DirKinds {
		t.Run(string(kind), func(t *testing.T) {
			outside := outsideFolder(t)
			name, dir := dataFolder(t)
			linktest.Make(t, kind, dir, outside)
			before := snapshot(t, outside)

			_, err := winHost{}.EnsureDataDir(name, `NT SERVICE\`+name)
			wantRefused(t, "EnsureDataDir", err, dir)
			if after := snapshot(t, outside); after != before {
				t.Errorf("EnsureDataDir changed the link's target:\nbefore %s\nafter  %s", before, after)
			}

			out, err := removeDataCLI(name)
			if removedAsLink(kind) {
				if err != nil {
					t.Fatalf("remove-data: %v", err)
				}
				if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
					t.Fatalf("remove-data left the link: %v", err)
				}
			} else {
				wantRefused(t, "remove-data", err, dir)
			}
			if after := snapshot(t, outside); after != before {
				t.Fatalf("remove-data (%q) changed the link's target:\nbefore %s\nafter  %s", out, before, after)
			}
		})
	}
}

// TestLinkInsideTheDataFolder: a user made the data folder before the
// install and put a link in it: logs\ to a folder elsewhere, or config.json
// to a file elsewhere (a symbolic link or a hard link). EnsureDataDir
// refuses naming it and changes nothing elsewhere; remove-data removes the
// folder with the link itself in it (or refuses a link it can open only as
// its target) and leaves the target alone.
func TestLinkInsideTheDataFolder(t *testing.T) {
	type linkCase struct {
		kind  linktest.Kind
		entry string
	}
	var cases []linkCase
	for _, k := range linktest.DirKinds {
		cases = append(cases, linkCase{k, "logs"})
	}
	for _, k := range linktest.FileKinds {
		cases = append(cases, linkCase{k, "config.json"})
	}
	for _, c := range cases {
		t.Run(c.entry+" "+string(c.kind), func(t *testing.T) {
			outside := outsideFolder(t)
			target := outside
			if c.entry == "config.json" {
				target = filepath.Join(outside, "victim.txt")
			}
			name, dir := dataFolder(t)
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "a-plain-file.txt"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			link := filepath.Join(dir, c.entry)
			linktest.Make(t, c.kind, link, target)
			before := snapshot(t, outside)

			_, err := winHost{}.EnsureDataDir(name, `NT SERVICE\`+name)
			wantRefused(t, "EnsureDataDir", err, link)
			if after := snapshot(t, outside); after != before {
				t.Errorf("EnsureDataDir changed the link's target:\nbefore %s\nafter  %s", before, after)
			}

			out, err := removeDataCLI(name)
			if removedAsLink(c.kind) {
				if err != nil {
					t.Fatalf("remove-data: %v", err)
				}
				if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
					t.Fatalf("remove-data left the folder: %v", err)
				}
			} else {
				wantRefused(t, "remove-data", err, link)
			}
			if after := snapshot(t, outside); after != before {
				t.Fatalf("remove-data (%q) changed the link's target:\nbefore %s\nafter  %s", out, before, after)
			}
		})
	}
}

// TestEnsureDataDirTakesOverWhatWasThere: everything a user put in the
// data folder before the install, whatever owner and ACL they gave it, ends
// owned by Administrators with the folder's ACL as inherited ACEs, exactly
// like what the service creates later.
func TestEnsureDataDirTakesOverWhatWasThere(t *testing.T) {
	name, dir := dataFolder(t)
	for _, p := range []string{`logs`, `sub\deep`} {
		if err := os.MkdirAll(filepath.Join(dir, p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := []string{`config.json`, `logs\` + name + `.log`, `sub\deep\x.txt`}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// As a user would: another owner (Guests stands for the user) and a
	// protected DACL that lets only that owner in.
	guests, err := windows.CreateWellKnownSid(windows.WinBuiltinGuestsSid)
	if err != nil {
		t.Fatal(err)
	}
	userSD, err := windows.SecurityDescriptorFromString("D:P(A;OICI;FA;;;BG)")
	if err != nil {
		t.Fatal(err)
	}
	userDACL, _, _ := userSD.DACL()
	err = nofollow.WithPrivileges(func() error {
		for _, p := range append([]string{"", "logs", `sub\deep`, "sub"}, files...) {
			if err := windows.SetNamedSecurityInfo(filepath.Join(dir, p), windows.SE_FILE_OBJECT,
				windows.OWNER_SECURITY_INFORMATION|windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION,
				guests, nil, userDACL, nil); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Skipf("cannot give entries another owner here (needs SeRestorePrivilege): %v", err)
	}

	if sd, err := windows.GetNamedSecurityInfo(filepath.Join(dir, "config.json"), windows.SE_FILE_OBJECT, windows.OWNER_SECURITY_INFORMATION); err == nil {
		if o, _, _ := sd.Owner(); o == nil || !o.Equals(guests) {
			if linktest.UnderWine() {
				t.Skipf("NOT VERIFIABLE HERE (Wine): the owner set reads back as %v: Wine 8.0 keeps no security descriptor on this file system "+
					"(it makes one from the Unix mode bits); asserted when run on Windows", o)
			}
			t.Fatalf("setting up: owner %v, want Guests", o)
		}
	}

	account := `NT SERVICE\` + name
	if _, err := (winHost{}).EnsureDataDir(name, account); err != nil {
		t.Fatal(err)
	}
	sid, _ := wellKnownSID(account)
	check := func(rel, wantDACL string) {
		t.Helper()
		sd, err := windows.GetNamedSecurityInfo(filepath.Join(dir, rel), windows.SE_FILE_OBJECT, windows.OWNER_SECURITY_INFORMATION|windows.DACL_SECURITY_INFORMATION)
		if err != nil {
			t.Fatal(err)
		}
		owner, _, err := sd.Owner()
		if err != nil || !owner.IsWellKnown(windows.WinBuiltinAdministratorsSid) {
			t.Errorf("%s: owner %v, %v; want BUILTIN\\Administrators", rel, owner, err)
		}
		want, err := windows.SecurityDescriptorFromString(wantDACL)
		if err != nil {
			t.Fatal(err)
		}
		got := dacl(t, sd)
		if w := dacl(t, want); !slices.Equal(got, w) {
			t.Errorf("%s: DACL %q, want %q", rel, got, w)
		}
	}
	check("", dataDirSDDL(sid))
	for _, d := range []string{"logs", "sub", `sub\deep`} {
		check(d, dataDirChildSDDL(sid, true))
	}
	for _, f := range files {
		check(f, dataDirChildSDDL(sid, false))
	}
}

// dacl is the ACEs of sd's DACL as SDDL, e.g. "(A;ID;FA;;;SY)".
func dacl(t *testing.T, sd *windows.SECURITY_DESCRIPTOR) []string {
	t.Helper()
	s := sd.String()
	i := strings.Index(s, "D:")
	if i < 0 {
		t.Fatalf("no DACL in %s", s)
	}
	s = s[i+2:]
	if j := strings.Index(s, "S:"); j >= 0 {
		s = s[:j]
	}
	s = s[strings.Index(s, "("):]
	return strings.SplitAfter(s, ")")[:strings.Count(s, ")")]
}
