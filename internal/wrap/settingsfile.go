package wrap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"unicode/utf8"

	"github.com/svcpack/svcpack/service/clip"
	"github.com/svcpack/svcpack/service/manage"
	"github.com/svcpack/svcpack/service/policy"
)

// SettingsFile is config.json in the service's data folder
// (%ProgramData%\<name>\config.json): a JSON object of setting name → text.
// It is the runtime's manage.Settings, so `service install|configure --set`
// and an MSI's values (configure --installer-key) reach it, and the source
// of the program's setting variables at each start.
//
// It is never read or written through a link: the data folder is writable by
// the service's account, and configure runs as an administrator or SYSTEM.
// A link is refused on reading (so no other file's content is parsed and
// echoed) and replaced, never written through, on writing.
type SettingsFile struct {
	Path     string
	Settings []Setting
}

var (
	_ manage.Settings          = SettingsFile{}
	_ manage.EffectiveSettings = SettingsFile{}
)

// maxSettingsFile bounds config.json: a few settings of at most
// maxSettingValue bytes each fit many times over.
const maxSettingsFile = 64 << 10

// maxFileProblems bounds the problems one message lists: thousands of bad
// keys fit in 64 KiB, and the message goes to the log and the Event Log.
const maxFileProblems = 10

// Validate checks every name and value and changes nothing; "" means "not
// given".
func (f SettingsFile) Validate(kv map[string]string) error {
	var errs []error
	for _, name := range sortedKeys(kv) {
		s, ok := lookupSetting(f.Settings, name)
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("unknown setting %s (known settings: %s)", clip.Quote(name), settingNames(f.Settings)))
		case kv[name] != "":
			if err := s.Check(kv[name]); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// Apply writes the given values into config.json, creating it with the
// defaults if missing and keeping every other value. With nothing given an
// existing config, even an invalid or unreadable one, is left alone (a
// repair must not fail on the admin's file; the service's start reports
// it); with values given an invalid one is refused, not overwritten. An
// unchanged config is not written at all.
func (f SettingsFile) Apply(kv map[string]string) error {
	if err := f.Validate(kv); err != nil {
		return err
	}
	vals, err := f.read()
	missing := errors.Is(err, fs.ErrNotExist)
	switch {
	case !anyGiven(kv) && !missing:
		return nil
	case missing:
		vals = f.defaults()
	case err != nil:
		return err
	}
	next := maps.Clone(vals)
	for k, v := range kv {
		if v != "" {
			next[k] = v
		}
	}
	if !missing && maps.Equal(next, vals) {
		return nil
	}
	return f.write(next)
}

// Seed creates config.json from the defaults with kv applied when nothing
// is at its path; anything there, valid or not, even a link, is left alone
// byte for byte: it is the admin's.
func (f SettingsFile) Seed(kv map[string]string) error {
	if err := f.Validate(kv); err != nil {
		return err
	}
	switch _, err := os.Lstat(f.Path); {
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("look for config %s: %w", f.Path, err)
	}
	next := f.defaults()
	for k, v := range kv {
		if v != "" {
			next[k] = v
		}
	}
	return f.write(next)
}

// Effective is each setting's value and where it comes from, for `service
// status`. A setting with neither a value nor a default shows as "" from the
// default: its variable is not set.
func (f SettingsFile) Effective() ([]policy.Effective, error) {
	vals, err := f.read()
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	out := make([]policy.Effective, 0, len(f.Settings))
	for _, s := range f.Settings {
		e := policy.Effective{Name: s.Name, Value: s.Default, Source: policy.FromDefault}
		if v, ok := vals[s.Name]; ok {
			e.Value, e.Source = v, policy.FromFile
		}
		out = append(out, e)
	}
	return out, nil
}

// Env is each setting's variable with its value: config.json's, else the
// default; a setting with neither is left out. A bad config.json is an error
// naming the file and every problem, and nothing is passed then.
func (f SettingsFile) Env() (map[string]string, error) {
	vals, err := f.read()
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	env := map[string]string{}
	for _, s := range f.Settings {
		if v, ok := vals[s.Name]; ok {
			env[s.Env] = v
		} else if s.HasDefault {
			env[s.Env] = s.Default
		}
	}
	return env, nil
}

func (f SettingsFile) defaults() map[string]string {
	vals := map[string]string{}
	for _, s := range f.Settings {
		if s.HasDefault {
			vals[s.Name] = s.Default
		}
	}
	return vals
}

// read returns config.json's values, or an error matching fs.ErrNotExist
// when there is none.
func (f SettingsFile) read() (map[string]string, error) {
	file, err := openNoLink(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if errors.Is(err, fs.ErrPermission) {
		return nil, fmt.Errorf("config %s: cannot be read: %w: only administrators, SYSTEM and the service's account may read "+
			"its folder; run this as an administrator", f.Path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("config %s: cannot be read: %w", f.Path, err)
	}
	defer file.Close()
	data, err := readOpened(file, f.Path, maxSettingsFile)
	if err != nil {
		return nil, fmt.Errorf("config %s: cannot be read: %w", f.Path, err)
	}
	return f.parse(data)
}

var (
	utf8BOM  = []byte{0xEF, 0xBB, 0xBF}
	utf16BOM = [][]byte{{0xFF, 0xFE}, {0xFE, 0xFF}}
)

// parse decodes config.json strictly: every unknown or repeated key, value
// that is not a string, and string its setting refuses is reported, one per
// line, naming the key, the value and the expected form.
func (f SettingsFile) parse(data []byte) (map[string]string, error) {
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
		return fail(`is empty: write a JSON object such as {"%s": "…"}, or delete it to use the defaults`, settingNames(f.Settings))
	}
	// encoding/json would turn invalid bytes into U+FFFD silently.
	if !utf8.Valid(data) {
		return fail("is not UTF-8 text: save it as UTF-8")
	}
	if err := json.Unmarshal(data, new(any)); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			line := 1 + bytes.Count(data[:max(0, min(int(syntax.Offset), len(data))-1)], []byte("\n"))
			return fail("line %d: %v", line, err)
		}
		return fail("%v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fail(`is not a JSON object of setting names and text values (known settings: %s)`, settingNames(f.Settings))
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
		s, known := lookupSetting(f.Settings, name)
		var v string
		switch _, dup := vals[name]; {
		case dup:
			errs = append(errs, fmt.Errorf("key %s appears more than once", clip.Quote(name)))
		case !known:
			errs = append(errs, fmt.Errorf("unknown setting %s (known settings: %s)", clip.Quote(name), settingNames(f.Settings)))
		case !bytes.HasPrefix(raw, []byte(`"`)) || json.Unmarshal(raw, &v) != nil: // null would decode as ""
			errs = append(errs, fmt.Errorf("setting %q: %s is not valid: expected a JSON string", name, clip.Quote(string(raw))))
		default:
			if err := s.Check(v); err != nil {
				errs = append(errs, err)
			}
		}
		vals[name] = v
	}
	if len(errs) > maxFileProblems {
		errs = append(errs[:maxFileProblems], fmt.Errorf("… and %d more problems", len(errs)-maxFileProblems))
	}
	if len(errs) > 0 {
		return fail("%w", errors.Join(errs...))
	}
	return vals, nil
}

// formatSettings is the one way svcwrap writes config.json: keys sorted, indented
// by two spaces, ending in a newline.
func formatSettings(vals map[string]string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(vals); err != nil {
		panic(err) // a map of strings always encodes
	}
	return b.Bytes()
}

// write replaces config.json atomically: a new file beside it, then a
// rename over it, so the service never reads half a file, a failed write
// leaves the old one, and a link at the path is replaced, not written
// through.
func (f SettingsFile) write(vals map[string]string) error {
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("write config %s: %w", f.Path, err)
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(f.Path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write config %s: %w", f.Path, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	_, err = tmp.Write(formatSettings(vals))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), f.Path)
	}
	if err != nil {
		return fmt.Errorf("write config %s: %w", f.Path, err)
	}
	return nil
}

// anyGiven reports whether kv sets anything: "" means "not given".
func anyGiven(kv map[string]string) bool {
	for _, v := range kv {
		if v != "" {
			return true
		}
	}
	return false
}
