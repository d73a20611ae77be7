package childenv

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestThePipelineStartsChildrenOnlyThroughChildenv: no file of the pipeline
// (cmd/svcpack, packaging/; tests and test programs aside) starts a process
// with exec.Command or hands a child os.Environ(), which hold the signing
// secrets. A new call site that does fails here, naming the file and line.
func TestThePipelineStartsChildrenOnlyThroughChildenv(t *testing.T) {
	forbidden := map[string]bool{"exec.Command": true, "exec.CommandContext": true, "os.Environ": true}
	fset := token.NewFileSet()
	checked := 0
	for _, root := range []string{"../../cmd/svcpack", "../../packaging"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || d.Name() == "wineexec") {
				// testdata: Windows programs the benchmarks run under Wine;
				// wineexec: go test's -exec, which hands Wine the environment
				// go test got, filtered already by wine.GoTest.
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			checked++
			ast.Inspect(f, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if id, ok := sel.X.(*ast.Ident); ok && forbidden[id.Name+"."+sel.Sel.Name] {
					t.Errorf("%s: %s.%s: start children with childenv.Command and give them childenv.Environ()", fset.Position(sel.Pos()), id.Name, sel.Sel.Name)
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 50 {
		t.Fatalf("checked only %d files: the walk missed the pipeline", checked)
	}
}
