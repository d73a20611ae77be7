//go:build !windows

package manage

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strings"
	"testing"
)

// publicAPI is every exported identifier of the package: what a program
// (and service.Config.Install) uses. The SCM and host seams the tests fake
// stay unexported; adding to this list is a decision about the public API.
var publicAPI = []string{
	"DefaultAccount", "DefaultResetPeriod", "DefaultRestartDelays", "DumpsFolder",
	"EffectiveSettings", "Main", "MaxRestartDelays", "Options", "ResetInfinite",
	"Settings", "Spec", "StartAuto", "StartDelayedAuto", "StartDisabled", "StartManual", "StartType",
}

// TestPublicAPI reads the package's sources for every OS (a source check:
// it runs on Linux only) and compares their exported identifiers.
func TestPublicAPI(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var got []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.IsExported() {
					got = append(got, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							got = append(got, s.Name.Name)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() {
								got = append(got, n.Name)
							}
						}
					}
				}
			}
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, publicAPI) {
		t.Errorf("exported identifiers:\n got %q\nwant %q", got, publicAPI)
	}
}

// TestDocListsEveryCommand: the package documentation, the CLI's reference,
// has an entry for every command Main takes, and for no other.
func TestDocListsEveryCommand(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for _, line := range strings.Split(f.Doc.Text(), "\n") {
		rest, ok := strings.CutPrefix(line, "\tservice ") // an entry's first line
		if words := strings.Fields(rest); ok && len(words) > 0 {
			documented = append(documented, strings.Split(words[0], "|")...)
		}
	}
	documented = slices.Compact(slices.Sorted(slices.Values(documented)))
	if want := slices.Sorted(slices.Values(commands)); !slices.Equal(documented, want) {
		t.Errorf("doc.go documents %q; Main takes %q", documented, want)
	}
}
