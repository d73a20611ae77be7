//go:build !windows

package service

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestDocNamesEveryMode: the package documentation, the runtime's
// reference, says what each RunMode is for (a source check, on Linux).
func TestDocNamesEveryMode(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	doc := f.Doc.Text()
	for _, m := range []string{"ModeConsole", "ModeService", "ModeManage"} {
		if !strings.Contains(doc, " "+m+":") && !strings.Contains(doc, " "+m+",") {
			t.Errorf("doc.go does not describe %s", m)
		}
	}
}
