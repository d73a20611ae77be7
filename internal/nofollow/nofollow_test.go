package nofollow

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
)

// node is an entry of the fake tree. A link's target is another node: Open
// returns the link itself (as Windows does with FILE_OPEN_REPARSE_POINT) or,
// with follows set, the target (as Wine 8.0 does with a Unix symbolic link).
type node struct {
	name     string // its own full name, what FileNameInfo says
	dir      bool
	links    uint32
	target   *node // non-nil: a link
	follows  bool  // the handle holds the target; the listing still says reparse point
	children []*node
	deleted  bool
}

type fakeFS struct {
	log []string // "secure NAME", "delete NAME", "list NAME", in order
}

type fakeHandle struct {
	fs *fakeFS
	n  *node
}

func (h *fakeHandle) Info() (Info, error) {
	var a uint32
	if h.n.dir {
		a |= AttrDirectory
	}
	if h.n.target != nil {
		a |= AttrReparsePoint
	}
	return Info{Name: h.n.name, Attrs: a, Links: max(h.n.links, 1)}, nil
}

func (h *fakeHandle) List() ([]Entry, error) {
	h.fs.log = append(h.fs.log, "list "+h.n.name)
	var out []Entry
	for _, c := range h.n.children {
		if c.deleted {
			continue
		}
		var a uint32
		if c.dir || (c.target != nil && c.target.dir) {
			a |= AttrDirectory
		}
		if c.target != nil {
			a |= AttrReparsePoint
		}
		out = append(out, Entry{Name: c.name[strings.LastIndex(c.name, `\`)+1:], Attrs: a})
	}
	return out, nil
}

func (h *fakeHandle) Open(name string, _ Use, create bool) (Handle, error) {
	for _, c := range h.n.children {
		if !c.deleted && strings.EqualFold(c.name, h.n.name+`\`+name) {
			if c.follows {
				return &fakeHandle{h.fs, c.target}, nil
			}
			return &fakeHandle{h.fs, c}, nil
		}
	}
	if !create {
		return nil, fs.ErrNotExist
	}
	c := &node{name: h.n.name + `\` + name, dir: true}
	h.n.children = append(h.n.children, c)
	return &fakeHandle{h.fs, c}, nil
}

func (h *fakeHandle) Delete() error {
	for _, c := range h.n.children {
		if !c.deleted {
			return errors.New("directory not empty")
		}
	}
	h.n.deleted = true
	h.fs.log = append(h.fs.log, "delete "+h.n.name)
	return nil
}

func (h *fakeHandle) Close() error { return nil }

func (f *fakeFS) secure(h Handle, top, dir bool) error {
	n := h.(*fakeHandle).n
	f.log = append(f.log, "secure "+n.name)
	return nil
}

// tree builds \PD with an outside folder \Users\u holding secret.txt, and
// returns the ProgramData node and the outside node.
func tree() (pd, outside *node) {
	outside = &node{name: `\Users\u`, dir: true}
	outside.children = []*node{{name: `\Users\u\secret.txt`, links: 1}}
	return &node{name: `\PD`, dir: true}, outside
}

func dir(name string, children ...*node) *node {
	return &node{name: name, dir: true, children: children}
}

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		want   string
		listed uint32
		info   Info
		kind   Kind
	}{
		{`\PD\a`, AttrDirectory, Info{`\PD\a`, AttrDirectory, 1}, Dir},
		{`\PD\a`, AttrDirectory, Info{`\pd\A`, AttrDirectory, 1}, Dir}, // names compare case-insensitively
		{`\PD\f`, 0x20, Info{`\PD\f`, 0x20, 1}, File},
		{`\PD\f`, 0x20, Info{`\PD\f`, 0x20, 2}, HardLinked},
		{`\PD\l`, AttrDirectory | AttrReparsePoint, Info{`\PD\l`, AttrDirectory | AttrReparsePoint, 1}, Link}, // junction, held itself (Windows)
		{`\PD\l`, AttrReparsePoint, Info{`\PD\l`, AttrReparsePoint, 1}, Link},                                 // file symbolic link (Windows)
		{`\PD\l`, AttrDirectory | AttrReparsePoint, Info{`\x`, AttrDirectory, 1}, Redirected},                 // Unix dir symlink under Wine
		{`\PD\l`, 0x20, Info{`\x.txt`, 0x20, 1}, Redirected},                                                  // Unix file symlink under Wine: only the name tells
		{`\PD\l`, AttrDirectory | AttrReparsePoint, Info{`\PD\l`, AttrDirectory, 1}, Redirected},              // listing and handle disagree
		{`\PD\l`, 0, Info{`\elsewhere`, AttrDirectory | AttrReparsePoint, 1}, Redirected},
	} {
		if got := Classify(c.want, c.listed, c.info); got != c.kind {
			t.Errorf("Classify(%q, %#x, %+v) = %v, want %v", c.want, c.listed, c.info, got, c.kind)
		}
	}
}

// TestSecureProtectsTheFolderBeforeListingIt: the folder gets its ACL
// before its entries are listed, each subfolder before its own entries, so a
// user loses write access before the walk reaches what they made.
func TestSecureProtectsTheFolderBeforeListingIt(t *testing.T) {
	pd, _ := tree()
	pd.children = []*node{dir(`\PD\app`, &node{name: `\PD\app\config.json`, links: 1}, dir(`\PD\app\logs`, &node{name: `\PD\app\logs\app.log`, links: 1}))}
	f := &fakeFS{}
	if err := Secure(&fakeHandle{f, pd}, "app", `C:\PD\app`, f.secure); err != nil {
		t.Fatal(err)
	}
	want := []string{`secure \PD\app`, `list \PD\app`, `secure \PD\app\config.json`, `secure \PD\app\logs`, `list \PD\app\logs`, `secure \PD\app\logs\app.log`}
	if !slices.Equal(f.log, want) {
		t.Fatalf("order %q\nwant  %q", f.log, want)
	}
}

func TestSecureCreatesAMissingFolder(t *testing.T) {
	pd, _ := tree()
	f := &fakeFS{}
	if err := Secure(&fakeHandle{f, pd}, "app", `C:\PD\app`, f.secure); err != nil {
		t.Fatal(err)
	}
	if len(pd.children) != 1 || !pd.children[0].dir || !slices.Equal(f.log, []string{`secure \PD\app`, `list \PD\app`}) {
		t.Fatalf("children %v, log %q", pd.children, f.log)
	}
}

// TestSecureRefusesLinks: a link anywhere, held itself or followed, and a
// file with two names stop the walk with a *LinkError naming the path;
// nothing outside the folder is secured.
func TestSecureRefusesLinks(t *testing.T) {
	for _, c := range []struct {
		what string
		make func(pd, outside *node)
		path string
		kind Kind
	}{
		{"the folder is a junction", func(pd, o *node) {
			pd.children = []*node{{name: `\PD\app`, target: o}}
		}, `C:\PD\app`, Link},
		{"the folder is a Unix symlink (Wine)", func(pd, o *node) {
			pd.children = []*node{{name: `\PD\app`, target: o, follows: true}}
		}, `C:\PD\app`, Redirected},
		{"logs is a junction", func(pd, o *node) {
			pd.children = []*node{dir(`\PD\app`, &node{name: `\PD\app\logs`, target: o})}
		}, `C:\PD\app\logs`, Link},
		{"logs is a Unix symlink (Wine)", func(pd, o *node) {
			pd.children = []*node{dir(`\PD\app`, &node{name: `\PD\app\logs`, target: o, follows: true})}
		}, `C:\PD\app\logs`, Redirected},
		{"config.json is a file symlink followed (Wine)", func(pd, o *node) {
			pd.children = []*node{dir(`\PD\app`, &node{name: `\PD\app\config.json`, target: o.children[0], follows: true})}
		}, `C:\PD\app\config.json`, Redirected},
		{"config.json has two names", func(pd, o *node) {
			pd.children = []*node{dir(`\PD\app`, &node{name: `\PD\app\config.json`, links: 2})}
		}, `C:\PD\app\config.json`, HardLinked},
	} {
		pd, outside := tree()
		c.make(pd, outside)
		f := &fakeFS{}
		err := Secure(&fakeHandle{f, pd}, "app", `C:\PD\app`, f.secure)
		var le *LinkError
		if !errors.As(err, &le) || le.Path != c.path || le.Kind != c.kind {
			t.Errorf("%s: %v; want a %v refusal of %s", c.what, err, c.kind, c.path)
			continue
		}
		for _, l := range f.log {
			if strings.Contains(l, `\Users`) || (strings.HasPrefix(l, "secure") && strings.HasSuffix(c.path, strings.TrimPrefix(l, `secure \PD`))) {
				t.Errorf("%s: touched %q", c.what, l)
			}
		}
		if msg := err.Error(); !strings.Contains(msg, c.path) || !strings.Contains(msg, "run the command again") {
			t.Errorf("%s: message %q does not name the path and what to do", c.what, msg)
		}
	}
}

func TestSecureRefusesAFileAndDepth(t *testing.T) {
	pd, _ := tree()
	pd.children = []*node{{name: `\PD\app`, links: 1}}
	f := &fakeFS{}
	if err := Secure(&fakeHandle{f, pd}, "app", `C:\PD\app`, f.secure); err == nil || !strings.Contains(err.Error(), "is a file, not a folder") || len(f.log) != 0 {
		t.Errorf("a file as the folder: %v, %q", err, f.log)
	}
	deep := dir(`\PD\app`)
	n := deep
	for i := range MaxDepth + 1 {
		c := dir(n.name + `\d` + string(rune('a'+i%26)))
		n.children = []*node{c}
		n = c
	}
	n.children = []*node{{name: n.name + `\f`, links: 1}}
	pd.children = []*node{deep}
	var le *LinkError
	if err := Secure(&fakeHandle{&fakeFS{}, pd}, "app", `C:\PD\app`, (&fakeFS{}).secure); !errors.As(err, &le) || !le.Depth {
		t.Errorf("a tree deeper than %d: %v", MaxDepth, err)
	}
}

// TestRemoveRemovesLinksNotTargets: links held themselves are deleted as
// links, a second name of a file is deleted as a name, the targets stay.
func TestRemoveRemovesLinksNotTargets(t *testing.T) {
	pd, outside := tree()
	pd.children = []*node{dir(`\PD\app`,
		&node{name: `\PD\app\config.json`, links: 1},
		&node{name: `\PD\app\hard.txt`, links: 2},
		&node{name: `\PD\app\junction`, target: outside},
		dir(`\PD\app\logs`, &node{name: `\PD\app\logs\app.log`, links: 1}))}
	f := &fakeFS{}
	existed, err := Remove(&fakeHandle{f, pd}, "app", `C:\PD\app`)
	if err != nil || !existed {
		t.Fatalf("Remove = %v, %v", existed, err)
	}
	if outside.deleted || outside.children[0].deleted || !pd.children[0].deleted {
		t.Fatalf("outside deleted %v, its file %v; folder deleted %v", outside.deleted, outside.children[0].deleted, pd.children[0].deleted)
	}
	if last := f.log[len(f.log)-1]; last != `delete \PD\app` {
		t.Errorf("last step %q", last)
	}
	if existed, err := Remove(&fakeHandle{f, pd}, "app", `C:\PD\app`); err != nil || existed {
		t.Errorf("again: %v, %v; want false, nil", existed, err)
	}
}

// TestRemoveRefusesAFollowedLink: a link the system opens only as its
// target is not deleted (that would delete the target), at the top or below.
func TestRemoveRefusesAFollowedLink(t *testing.T) {
	for _, top := range []bool{true, false} {
		pd, outside := tree()
		link := &node{name: `\PD\app`, target: outside, follows: true}
		path := `C:\PD\app`
		if !top {
			link.name = `\PD\app\logs`
			pd.children = []*node{dir(`\PD\app`, link)}
			path = `C:\PD\app\logs`
		} else {
			pd.children = []*node{link}
		}
		f := &fakeFS{}
		_, err := Remove(&fakeHandle{f, pd}, "app", `C:\PD\app`)
		var le *LinkError
		if !errors.As(err, &le) || le.Path != path || le.Kind != Redirected || !strings.Contains(err.Error(), "would remove the target") {
			t.Errorf("top %v: %v", top, err)
		}
		if outside.deleted || outside.children[0].deleted || slices.ContainsFunc(f.log, func(s string) bool { return strings.Contains(s, `\Users`) }) {
			t.Errorf("top %v: the target was touched: %q", top, f.log)
		}
	}
}

func TestNamesMustBePlain(t *testing.T) {
	pd, _ := tree()
	f := &fakeFS{}
	for _, name := range []string{"", ".", "..", `a\b`, "a/b"} {
		if err := Secure(&fakeHandle{f, pd}, name, "x", f.secure); err == nil {
			t.Errorf("Secure(%q) = nil", name)
		}
		if _, err := Remove(&fakeHandle{f, pd}, name, "x"); err == nil {
			t.Errorf("Remove(%q) = nil", name)
		}
	}
	if len(f.log) != 0 || len(pd.children) != 0 {
		t.Errorf("touched: %q", f.log)
	}
}

// TestSecureCreatesSubdirs: a named subfolder is created once the folder is
// secured and before it is listed, then secured by the walk; one that is
// there already is kept; a link of that name is refused, not followed.
func TestSecureCreatesSubdirs(t *testing.T) {
	pd, _ := tree()
	f := &fakeFS{}
	if err := Secure(&fakeHandle{f, pd}, "app", `C:\PD\app`, f.secure, "dumps"); err != nil {
		t.Fatal(err)
	}
	app := pd.children[0]
	if len(app.children) != 1 || app.children[0].name != `\PD\app\dumps` || !app.children[0].dir {
		t.Fatalf("app holds %v, want the dumps folder", app.children)
	}
	if want := []string{`secure \PD\app`, `list \PD\app`, `secure \PD\app\dumps`, `list \PD\app\dumps`}; !slices.Equal(f.log, want) {
		t.Fatalf("order %q\nwant  %q", f.log, want)
	}

	dump := &node{name: `\PD\app\dumps\svc.exe.1.dmp`, links: 1}
	pd.children = []*node{dir(`\PD\app`, dir(`\PD\app\dumps`, dump))}
	f = &fakeFS{}
	if err := Secure(&fakeHandle{f, pd}, "app", `C:\PD\app`, f.secure, "dumps"); err != nil {
		t.Fatal(err)
	}
	if got := pd.children[0].children; len(got) != 1 || len(got[0].children) != 1 || !slices.Contains(f.log, `secure \PD\app\dumps\svc.exe.1.dmp`) {
		t.Fatalf("existing dumps folder: %v, log %q", got, f.log)
	}

	for _, follows := range []bool{false, true} {
		pd, outside := tree()
		pd.children = []*node{dir(`\PD\app`, &node{name: `\PD\app\dumps`, target: outside, follows: follows})}
		f := &fakeFS{}
		err := Secure(&fakeHandle{f, pd}, "app", `C:\PD\app`, f.secure, "dumps")
		var le *LinkError
		if !errors.As(err, &le) || le.Path != `C:\PD\app\dumps` {
			t.Errorf("dumps is a link (followed: %v): %v; want a refusal", follows, err)
		}
		for _, l := range f.log {
			if strings.Contains(l, `\Users`) {
				t.Errorf("dumps is a link (followed: %v): touched %q", follows, l)
			}
		}
		if len(outside.children) != 1 {
			t.Errorf("the link's target changed: %v", outside.children)
		}
	}
	if err := Secure(&fakeHandle{&fakeFS{}, pd}, "app", `C:\PD\app`, f.secure, `..\x`); err == nil {
		t.Error(`subdir ..\x accepted`)
	}
}
