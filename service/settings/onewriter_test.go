//go:build !windows

package settings

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigGoesThroughTheOneAtomicWriter: the package writes config.json
// only through internal/atomicfile (a source check, on Linux only): no file
// of its own creates, renames or writes files directly, so the rules of
// writing (exclusive temporary name, flush, rename over a link) live in one
// place.
func TestConfigGoesThroughTheOneAtomicWriter(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	writers := map[string]bool{"Rename": true, "CreateTemp": true, "WriteFile": true, "Create": true, "Link": true, "Symlink": true}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "os" && writers[sel.Sel.Name] {
				t.Errorf("%s: os.%s: write config.json through internal/atomicfile", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}

// TestConfigIsPrivate: a config the runtime writes is the service's own
// (0600) in a folder it makes 0750, as before it moved to internal/atomicfile.
func TestConfigIsPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "svc", "config.json")
	if err := testFile(t).WithPath(path).write(map[string]string{"listen": "127.0.0.1:1"}); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o750 | os.ModeDir} {
		if fi, err := os.Stat(p); err != nil || fi.Mode() != want {
			t.Errorf("%s: %v, %v; want mode %v", p, fi.Mode(), err, want)
		}
	}
}
