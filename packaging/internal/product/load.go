package product

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/svcpack/svcpack/internal/inputfile"
	"github.com/svcpack/svcpack/service/clip"
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

// shown is text from the file (a key's path built from its keys, a name, a
// parser's message that quotes the file) as an error shows it: as is when it
// is printable ASCII of at most max bytes, else quoted (escaped) and cut by
// clip, so that a terminal's escape sequence or a 900 KB line never reaches
// the terminal raw.
func shown(s string, max int) string {
	if len(s) > max {
		return clip.QuoteN(s, max)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return clip.QuoteN(s, max)
		}
	}
	return s
}

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
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			errs.add(0, "", "is empty: expected a mapping with name, company, upgrade_code, main and properties")
		} else {
			errs.add(0, "", "is not valid YAML: "+shown(err.Error(), maxShownText))
		}
		return nil, errs
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		errs.add(extra.Line, "", "holds more than one YAML document: expected one")
		return nil, errs
	}
	p := &Product{file: file}
	d := &decoder{errs: errs, lines: map[string]int{}, given: map[string]bool{}}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		errs.add(root.Line, "", fmt.Sprintf("is a %s: expected a mapping with name, company, upgrade_code, main and properties", kindName(root.Kind)))
		return nil, errs
	}
	d.decode(root, "", reflect.ValueOf(p).Elem())
	p.lines = d.lines
	p.Service.Recovery.restartDelaysGiven = d.given["service.recovery.restart_delays"]
	p.CrashDumps.countGiven = d.given["crash_dumps.count"]
	p.settingsGiven = d.given["service.settings"]
	p.defaults()
	p.check(errs, root.Line)
	p.checkExampleArgs(errs, root.Line)
	if len(errs.Problems) > 0 {
		slices.SortStableFunc(errs.Problems, func(a, b Problem) int { return a.Line - b.Line })
		return nil, errs
	}
	return p, nil
}
