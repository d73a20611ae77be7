package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"unicode/utf8"

	"github.com/svcpack/svcpack/service"
	"github.com/svcpack/svcpack/service/clip"
)

// Config is config.json in the service's data directory
// (%ProgramData%\hellosvc on Windows).
//
// The format is JSON read with encoding/json: a program built on svcpack
// pulls no parser into its module, an admin knows the syntax, and decoding is
// strict (see parseConfig) so a typo is an error at start, not a silently
// ignored setting. Keys left out take their defaults.
type Config struct {
	Listen            string `json:"listen"`              // host:port to serve HTTP on
	DemoDelayEndpoint bool   `json:"demo_delay_endpoint"` // serve GET /delay?d=2s, to show a graceful drain
}

func defaultConfig() Config {
	return Config{Listen: "127.0.0.1:8080"}
}

// loadConfig reads the config at path, first writing the defaults there if
// there is none. An existing file is never rewritten. Invalid content is a
// service.ConfigError: the runtime reports it and exits with the config code.
func loadConfig(path string) (Config, error) {
	data, err := readConfigFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		cfg := defaultConfig()
		if err := writeConfig(path, cfg); err != nil {
			return Config{}, err
		}
		slog.Info("wrote default config", "path", path)
		return cfg, nil
	}
	if err != nil {
		return Config{}, err
	}
	cfg, err := parseConfig(path, data)
	if err != nil {
		return Config{}, service.ConfigError(err)
	}
	return cfg, nil
}

// readConfigFile returns the content of the config file at path, or an error
// matching fs.ErrNotExist when there is none (then the defaults apply).
// Anything else where the file should be (a directory, a device, a file the
// service may not read) is a service.ConfigError that names the path and says
// what to do: it is the admin's to fix, not a failure of the program.
func readConfigFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		return nil, readError(path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, notAFileError(path, st.Mode()) // before opening: opening a FIFO would block
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, readError(path, err)
	}
	defer f.Close()
	if st, err = f.Stat(); err == nil && !st.Mode().IsRegular() {
		return nil, notAFileError(path, st.Mode()) // replaced since the first look
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, readError(path, err)
	}
	return data, nil
}

func notAFileError(path string, mode fs.FileMode) error {
	if mode.IsDir() {
		return service.ConfigError(fmt.Errorf("config %s: is a directory, not a file: "+
			"remove it (the defaults are written there at the next start) or put a JSON config file in its place", path))
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
	return service.ConfigError(fmt.Errorf("config %s: is %s: give the path of a JSON config file", path, kind))
}

func readError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // its path is the one named below
	}
	if errors.Is(err, fs.ErrPermission) {
		return service.ConfigError(fmt.Errorf("config %s: cannot be read: %w: "+
			"give the account the service runs as (by default NT SERVICE\\%s) read access to it, then start again", path, err, name))
	}
	return service.ConfigError(fmt.Errorf("config %s: cannot be read: %w: check the file, or remove it to get the defaults at the next start", path, err))
}

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
)

// parseConfig decodes data strictly: an unknown or repeated key, a wrong type
// or a bad value is an error naming the key, the value and the expected form;
// every such problem is reported at once, one per line. Syntax errors give a
// line and column.
func parseConfig(path string, data []byte) (Config, error) {
	fail := func(format string, args ...any) (Config, error) {
		return Config{}, fmt.Errorf("config %s: "+format, append([]any{path}, args...)...)
	}
	// Notepad and PowerShell 5 write a UTF-8 BOM; `>` in PowerShell 5 writes UTF-16.
	data = bytes.TrimPrefix(data, utf8BOM)
	if bytes.HasPrefix(data, utf16LEBOM) || bytes.HasPrefix(data, utf16BEBOM) {
		return fail("is UTF-16 text: save it as UTF-8")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail("is empty: delete it to get the defaults at the next start")
	}
	// Check the syntax of the whole file first: json.Unmarshal reports where.
	if err := json.Unmarshal(data, new(any)); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			line, col := position(data, syntax.Offset)
			return fail("line %d, column %d: %v", line, col, err)
		}
		return fail("%v", err)
	}

	// Walk the top-level object key by key: unlike decoding into a struct,
	// this sees repeated keys and keeps each value's text for the message.
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fail(`is not a JSON object (expected e.g. {"listen": "127.0.0.1:8080"})`)
	}
	cfg := defaultConfig()
	seen := map[string]bool{}
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
		k, known := lookupKey(name)
		switch {
		case seen[name]:
			errs = append(errs, fmt.Errorf("config %s: key %s appears more than once", path, clip.Quote(name)))
		case !known:
			errs = append(errs, fmt.Errorf("config %s: %w", path, unknownKeyError(name)))
		default:
			var compact bytes.Buffer
			_ = json.Compact(&compact, raw) // raw is valid JSON
			if verr := k.fromJSON(&cfg, compact.Bytes()); verr != nil {
				errs = append(errs, fmt.Errorf("config %s: %w", path, verr))
			}
		}
		seen[name] = true
	}
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	return cfg, nil
}

func unknownKeyError(name string) error {
	return fmt.Errorf("unknown key %s (known keys: %s)", clip.Quote(name), knownKeys())
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

// formatConfig is the one format hellosvc writes: keys in Config's order,
// indented by two spaces, ending in a newline.
func formatConfig(cfg Config) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(cfg); err != nil {
		panic(err) // Config has only strings and bools
	}
	return b.Bytes()
}

// writeConfig replaces path atomically (temp file, then rename), so the
// service never reads half a file and a failed write leaves the old one.
func writeConfig(path string, cfg Config) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	_, err = tmp.Write(formatConfig(cfg))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write config %s: %w", path, err)
	}
	return nil
}
