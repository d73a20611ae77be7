package settings

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"unicode/utf8"

	"github.com/svcpack/svcpack/service/clip"
	"github.com/svcpack/svcpack/service/exitcode"
)

// maxFile bounds config.json: a few settings of at most MaxValue bytes each
// fit many times over.
const maxFile = 64 << 10

// maxProblems bounds the problems one message lists: thousands of bad keys
// fit in maxFile, and the message goes to the log and the Event Log.
const maxProblems = 10

// read returns config.json's values (canonical text by name), or an error
// matching fs.ErrNotExist when there is none. Anything else where the file
// should be, or content it refuses, is an exitcode.Config error that names
// the path and says what to do: it is the admin's to fix.
func (f *File) read() (map[string]string, error) {
	data, err := f.readFile()
	if err != nil {
		return nil, err
	}
	vals, err := f.parse(data)
	if err != nil {
		return nil, exitcode.Wrap(exitcode.Config, err)
	}
	return vals, nil
}

// readFile reads config.json, never through a link: the data folder is
// writable by the service's account, and configure runs as an administrator
// or SYSTEM, which must not parse and echo whatever file a link points to.
func (f *File) readFile() ([]byte, error) {
	st, err := os.Lstat(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err == nil && !st.Mode().IsRegular() && st.Mode()&fs.ModeSymlink == 0 {
		return nil, f.notAFile(st.Mode()) // before opening: opening a FIFO could block
	}
	file, err := openNoLink(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		return nil, f.readError(err)
	}
	defer file.Close()
	if st, err = file.Stat(); err != nil {
		return nil, f.readError(err)
	}
	if !st.Mode().IsRegular() {
		return nil, f.notAFile(st.Mode()) // replaced since the first look
	}
	if st.Size() > maxFile {
		return nil, f.configError("is %d bytes: a config file has at most %d", st.Size(), maxFile)
	}
	// Read from the handle whose type and size were checked; more than the
	// bound (it grew meanwhile) is refused rather than cut.
	data, err := io.ReadAll(io.LimitReader(file, maxFile+1))
	if err != nil {
		return nil, f.readError(err)
	}
	if len(data) > maxFile {
		return nil, f.configError("is over %d bytes: a config file has at most %d", maxFile, maxFile)
	}
	return data, nil
}

func (f *File) configError(format string, args ...any) error {
	return exitcode.Wrap(exitcode.Config, fmt.Errorf("config %s: "+format, append([]any{f.Path}, args...)...))
}

func (f *File) notAFile(mode fs.FileMode) error {
	if mode.IsDir() {
		return f.configError("is a directory, not a file: " +
			"remove it (the defaults are written there at the next start) or put a JSON config file in its place")
	}
	kind := "not a regular file"
	switch {
	case mode&fs.ModeDevice != 0:
		kind = "a device, not a file"
	case mode&fs.ModeNamedPipe != 0:
		kind = "a named pipe, not a file"
	case mode&fs.ModeSocket != 0:
		kind = "a socket, not a file"
	}
	return f.configError("is %s: give the path of a JSON config file", kind)
}

func (f *File) readError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // its path is the one named below
	}
	if errors.Is(err, fs.ErrPermission) {
		return f.configError("cannot be read: %w: give the account the service runs as (by default NT SERVICE\\%s) "+
			"read access to it, then start again", err, f.name)
	}
	return f.configError("cannot be read: %w: check the file, or remove it to get the defaults at the next start", err)
}

var (
	utf8BOM  = []byte{0xEF, 0xBB, 0xBF}
	utf16BOM = [][]byte{{0xFF, 0xFE}, {0xFE, 0xFF}}
)

// parse decodes config.json strictly: every unknown or repeated key and
// every value its setting refuses is reported, one per line, naming the
// key, the value as written and the form expected; a syntax error gives a
// line and column. Keys left out take their defaults (not in the result).
func (f *File) parse(data []byte) (map[string]string, error) {
	fail := func(format string, args ...any) (map[string]string, error) {
		return nil, fmt.Errorf("config %s: "+format, append([]any{f.Path}, args...)...)
	}
	// Notepad and PowerShell 5 write a UTF-8 BOM; `>` in PowerShell 5 writes UTF-16.
	data = bytes.TrimPrefix(data, utf8BOM)
	for _, bom := range utf16BOM {
		if bytes.HasPrefix(data, bom) {
			return fail("is UTF-16 text: save it as UTF-8")
		}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail("is empty: delete it to get the defaults at the next start")
	}
	// encoding/json would turn invalid bytes into U+FFFD silently.
	if !utf8.Valid(data) {
		return fail("is not UTF-8 text: save it as UTF-8")
	}
	if err := json.Unmarshal(data, new(any)); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			line, col := position(data, syntax.Offset)
			return fail("line %d, column %d: %v", line, col, err)
		}
		return fail("%v", err)
	}
	// Walk the object key by key: unlike decoding into a struct or a map,
	// this sees repeated keys and keeps each value's text for the message.
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fail("is not a JSON object (expected e.g. %s)", f.example())
	}
	vals := map[string]string{}
	var errs []error
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail("%v", err)
		}
		name, _ := tok.(string) // object keys are strings in valid JSON
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fail("%v", err)
		}
		s, known := f.lookup(name)
		_, dup := vals[name]
		switch {
		case dup:
			errs = append(errs, fmt.Errorf("key %s appears more than once", clip.Quote(name)))
		case !known:
			errs = append(errs, f.unknown(name))
		default:
			v, err := s.fromJSON(raw)
			if err != nil {
				errs = append(errs, err)
			}
			vals[name] = v
			continue
		}
		vals[name] = ""
	}
	if len(errs) > maxProblems {
		errs = append(errs[:maxProblems], fmt.Errorf("… and %d more problems", len(errs)-maxProblems))
	}
	if len(errs) > 0 {
		for i := range errs {
			errs[i] = fmt.Errorf("config %s: %w", f.Path, errs[i])
		}
		return nil, errors.Join(errs...)
	}
	return vals, nil
}

// fromJSON checks a value as config.json holds it: a JSON string for Text
// (null would otherwise decode as ""), true or false for Bool.
func (s Setting) fromJSON(raw json.RawMessage) (string, error) {
	var compact bytes.Buffer
	_ = json.Compact(&compact, raw) // raw is valid JSON
	if s.Kind == Bool {
		if v := compact.String(); v == "true" || v == "false" {
			return v, nil
		}
		return "", &valueError{s.Name, showJSON(compact.Bytes()), "is not a boolean", "true or false"}
	}
	var v string
	if !bytes.HasPrefix(raw, []byte(`"`)) || json.Unmarshal(raw, &v) != nil {
		return "", &valueError{s.Name, showJSON(compact.Bytes()), "is not a string", s.expected()}
	}
	return s.parse(v)
}

func (f *File) unknown(name string) error {
	return fmt.Errorf("unknown key %s (known keys: %s)", clip.Quote(name), f.names())
}

// example is a one-key config for messages: the first setting with its
// default.
func (f *File) example() string {
	if len(f.Settings) == 0 {
		return "{}"
	}
	s := f.Settings[0]
	v := "…"
	if s.HasDefault {
		v = s.Default
	}
	return "{" + strconv.Quote(s.Name) + ": " + string(s.jsonValue(v)) + "}"
}

// showJSON is a JSON value as written (compacted), cut like clip.Quote when
// longer than clip.Max, with its length stated.
func showJSON(raw []byte) string {
	if len(raw) <= clip.Max {
		return string(raw)
	}
	return clip.Prefix(string(raw[:clip.Max+1]), clip.Max) + "… (" + strconv.Itoa(len(raw)) + " bytes)"
}

// position turns the byte offset of a json.SyntaxError (bytes read up to and
// including the offending one) into a 1-based line and column, counting
// characters, as an editor shows them.
func position(data []byte, offset int64) (line, col int) {
	before := data[:max(0, min(int(offset), len(data))-1)]
	line = 1 + bytes.Count(before, []byte("\n"))
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[lineStart:]) + 1
}
