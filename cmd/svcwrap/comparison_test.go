//go:build !windows

package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The comparison in docs/wrapper.md ("Side by side") is a claim per row;
// these tests keep it honest: every row where svcwrap offers something names
// the tests that show it and where they run, and every test it names exists.
// (Linux only: it reads the repository's files, which a Windows test binary
// under Wine need not walk again.)

const wrapperDoc = "../../docs/wrapper.md"

var (
	namedTest = regexp.MustCompile("`(Test[A-Z][A-Za-z0-9_]*)`")
	testFunc  = regexp.MustCompile(`(?m)^func (Test[A-Z][A-Za-z0-9_]*)\(`)
	// Where a test runs, in the words the table uses.
	runsWhere = regexp.MustCompile(`\b(unit|Wine|Windows CI)\b`)
)

// comparisonRow is one row of the table: the need and svcwrap's cell.
type comparisonRow struct {
	need, svcwrap string
}

// comparisonRows reads the first table after "## Side by side": its header
// names the columns, svcwrap's among them. An escaped \| stays in its cell.
func comparisonRows(t *testing.T, doc string) []comparisonRow {
	t.Helper()
	_, after, ok := strings.Cut(doc, "\n## Side by side\n")
	if !ok {
		t.Fatalf("%s has no \"## Side by side\" section", wrapperDoc)
	}
	var header []string
	var rows []comparisonRow
	for _, line := range strings.Split(after, "\n") {
		if !strings.HasPrefix(line, "|") {
			if header != nil {
				break // the table ended
			}
			continue
		}
		cells := strings.Split(strings.ReplaceAll(strings.Trim(line, "|"), `\|`, "\x00"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(strings.ReplaceAll(cells[i], "\x00", `\|`))
		}
		switch {
		case header == nil:
			header = cells
		case strings.HasPrefix(cells[0], "---"):
		case len(cells) != len(header):
			t.Fatalf("%s: row %q has %d cells, the header %d", wrapperDoc, cells[0], len(cells), len(header))
		default:
			rows = append(rows, comparisonRow{need: cells[0], svcwrap: cells[len(cells)-1]})
		}
	}
	if len(header) == 0 || header[len(header)-1] != "svcwrap" {
		t.Fatalf("%s: the side-by-side table's last column is %q, want svcwrap", wrapperDoc, header)
	}
	return rows
}

// offers says whether svcwrap's cell claims the need: anything but a dash
// or "no".
func offers(cell string) bool {
	return cell != "" && !strings.HasPrefix(cell, "—") && !strings.HasPrefix(cell, "no")
}

// TestComparisonRowsNameTheirTests: each row where svcwrap offers the need
// names at least one test, in backticks, and where it runs (unit, Wine,
// Windows CI).
func TestComparisonRowsNameTheirTests(t *testing.T) {
	b, err := os.ReadFile(wrapperDoc)
	if err != nil {
		t.Fatal(err)
	}
	rows := comparisonRows(t, string(b))
	if len(rows) < 10 {
		t.Fatalf("%s: %d rows in the side-by-side table, want the whole table", wrapperDoc, len(rows))
	}
	for _, r := range rows {
		if !offers(r.svcwrap) {
			continue
		}
		if !namedTest.MatchString(r.svcwrap) || !runsWhere.MatchString(r.svcwrap) {
			t.Errorf("%s, row %q: svcwrap offers it but names no test (`TestName`) and where it runs (unit, Wine, Windows CI): %s",
				wrapperDoc, r.need, r.svcwrap)
		}
	}
}

// TestComparisonTestsExist: every test the table names is a func TestName(
// in a _test.go file of the repository.
func TestComparisonTestsExist(t *testing.T) {
	b, err := os.ReadFile(wrapperDoc)
	if err != nil {
		t.Fatal(err)
	}
	have := repoTests(t, "../..")
	for _, r := range comparisonRows(t, string(b)) {
		for _, m := range namedTest.FindAllStringSubmatch(r.svcwrap, -1) {
			if !have[m[1]] {
				t.Errorf("%s, row %q names %s: no func %s( in the repository's tests", wrapperDoc, r.need, m[1], m[1])
			}
		}
	}
}

// repoTests lists the test functions of every _test.go file under root.
func repoTests(t *testing.T, root string) map[string]bool {
	t.Helper()
	have := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "dist" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range testFunc.FindAllSubmatch(src, -1) {
			have[string(m[1])] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(have) == 0 {
		t.Fatalf("no tests found under %s", root)
	}
	return have
}
