package product

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/svcpack/svcpack/internal/inputfile"
	"github.com/svcpack/svcpack/internal/strictyaml"
)

// MaxSize bounds the product file: a real one is a few kilobytes.
const MaxSize = 1 << 20

// Problem is one thing wrong in a product file.
type Problem struct {
	Line int    // 1-based; 0 when the file as a whole is meant
	Path string // the key's path, e.g. properties[1].pattern; "" for the file
	Msg  string // what is wrong and the expected form, values cut by clip
}

// Errors is every problem Load found, in the order of the file.
type Errors struct {
	File     string
	Problems []Problem
}

func (e *Errors) add(line int, path, msg string) {
	e.Problems = append(e.Problems, Problem{Line: line, Path: shown(path, maxShownPath), Msg: msg})
}

// Bounds on text of the file shown in an error as it is: a key's path and a
// name; any other text (a library's message that quotes the file) longer.
const (
	maxShownPath = 128
	maxShownName = 64
	maxShownText = 512
)

// shown is text from the file (a key's path, a name, a parser's message)
// as an error shows it: escaped and cut unless printable and short.
func shown(s string, max int) string { return strictyaml.Shown(s, max) }

// shownList is names, each shown, joined by commas.
func shownList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = shown(n, maxShownName)
	}
	return strings.Join(out, ", ")
}

func (e *Errors) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		where := e.File
		if p.Line > 0 {
			where = fmt.Sprintf("%s:%d", e.File, p.Line)
		}
		if p.Path != "" {
			where += ": " + p.Path
		}
		lines[i] = where + ": " + p.Msg
	}
	return strings.Join(lines, "\n")
}

// IsInvalid reports whether err says that a product file is invalid (as
// opposed to unreadable).
func IsInvalid(err error) bool {
	var e *Errors
	return errors.As(err, &e)
}

// Load reads and checks the product file at path.
func Load(path string) (*Product, error) {
	f, err := inputfile.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load product file: %w (svcpack.yaml is at the repository root; `go tool svcpack init` writes one)", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("load product file %s: %w", path, err)
	}
	return Parse(path, data)
}

// Find loads the product file of the repository dir is in: FileName in dir
// or the nearest directory above it that has one.
func Find(dir string) (*Product, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for d := abs; ; d = filepath.Dir(d) {
		path := filepath.Join(d, FileName)
		if _, err := os.Stat(path); err == nil {
			return Load(path)
		}
		if filepath.Dir(d) == d {
			return nil, fmt.Errorf("find product file: no %s in %s or above", FileName, abs)
		}
	}
}

// Parse checks data, the content of the product file named file (the name
// is only for messages).
func Parse(file string, data []byte) (*Product, error) {
	errs := &Errors{File: file}
	if len(data) > MaxSize {
		errs.add(0, "", fmt.Sprintf("is larger than %d bytes: expected a product file of a few kilobytes", MaxSize))
		return nil, errs
	}
	p := &Product{file: file}
	d := strictyaml.Decode(data, p, strictyaml.Options{
		Root:    "a mapping with name, company, upgrade_code, main and properties",
		Refused: refusedKeys,
	})
	for _, pr := range d.Problems {
		errs.add(pr.Line, pr.Path, pr.Msg)
	}
	if d.RootLine == 0 {
		return nil, errs
	}
	p.lines = d.Lines
	p.Service.Recovery.restartDelaysGiven = d.Given["service.recovery.restart_delays"]
	p.CrashDumps.countGiven = d.Given["crash_dumps.count"]
	p.settingsGiven = d.Given["service.settings"]
	p.defaults()
	p.check(errs, d.RootLine)
	p.checkExampleArgs(errs, d.RootLine)
	if len(errs.Problems) > 0 {
		slices.SortStableFunc(errs.Problems, func(a, b Problem) int { return a.Line - b.Line })
		return nil, errs
	}
	return p, nil
}
