package wrap

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/service/policy"
	"github.com/svcpack/svcpack/service/settings"
)

const listenYAML = `program: app.exe
settings:
  listen:
    env: APP_LISTEN
    pattern: '127\.0\.0\.1:[0-9]+'
    default: "127.0.0.1:8091"
  token:
    env: APP_TOKEN
    pattern: '[a-z0-9]{4,16}'
`

func listenConfig(t *testing.T) Config {
	t.Helper()
	c, err := Parse([]byte(listenYAML), "/srv", "app")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseSettings(t *testing.T) {
	c := listenConfig(t)
	if len(c.Settings) != 2 {
		t.Fatalf("settings = %+v", c.Settings)
	}
	l, tok := c.Settings[0], c.Settings[1]
	if l.Name != "listen" || l.Env != "APP_LISTEN" || !l.HasDefault || l.Default != "127.0.0.1:8091" {
		t.Errorf("listen = %+v", l)
	}
	if tok.Name != "token" || tok.HasDefault {
		t.Errorf("token = %+v (no default given)", tok)
	}
}

// Every bad settings entry is refused, naming the key, the value and the
// expected form.
func TestParseSettingsRefuses(t *testing.T) {
	entry := func(name, env, pattern, def string) string {
		s := "program: app.exe\nsettings:\n  " + name + ":\n    env: " + env + "\n    pattern: " + pattern + "\n"
		if def != "" {
			s += "    default: " + def + "\n"
		}
		return s
	}
	long := strings.Repeat("A", 129)
	for _, tt := range []struct {
		src  string
		want []string
	}{
		{entry("Listen", "X", "'.*'", ""), []string{`settings: "Listen" is not valid`, "lower-case ASCII letter"}},
		{entry("1st", "X", "'.*'", ""), []string{`settings: "1st"`}},
		{entry("l\u0456sten", "X", "'.*'", ""), []string{"settings: \"l\u0456sten\""}}, // Cyrillic і
		{entry(strings.Repeat("a", 65), "X", "'.*'", ""), []string{"settings: \"aaaa"}},
		{entry("a", `""`, "'.*'", ""), []string{`settings.a.env: "" is not valid`, "environment variable name"}},
		{entry("a", "'A=B'", "'.*'", ""), []string{`settings.a.env: "A=B"`}},
		{entry("a", "'A B'", "'.*'", ""), []string{`settings.a.env: "A B"`}},
		{entry("a", `"A\tB"`, "'.*'", ""), []string{`settings.a.env: "A\tB"`}},
		{entry("a", `"A\0B"`, "'.*'", ""), []string{`settings.a.env: "A\x00B"`}},
		{entry("a", "9A", "'.*'", ""), []string{`settings.a.env: "9A"`}},
		{entry("a", "P\u0410TH", "'.*'", ""), []string{"settings.a.env: \"P\u0410TH\""}}, // Cyrillic А
		{entry("a", long, "'.*'", ""), []string{"settings.a.env: \"AAAA"}},
		{"program: app.exe\nenv: {set: {app_x: '1'}}\nsettings: {a: {env: APP_X, pattern: '.*'}}\n", []string{`settings.a.env: "APP_X"`, "env.set has it already"}},
		{"program: app.exe\nenv: {unset: [App_X]}\nsettings: {a: {env: APP_X, pattern: '.*'}}\n", []string{`settings.a.env: "APP_X"`, "env.unset has it already"}},
		{"program: app.exe\nsettings: {a: {env: APP_X, pattern: '.*'}, b: {env: app_x, pattern: '.*'}}\n", []string{`settings.b.env: "app_x"`, "settings.a.env has it already"}},
		{entry("a", "X", `""`, ""), []string{`settings.a.pattern: "" is not valid`, "every setting needs one"}},
		{entry("a", "X", "'[a-'", ""), []string{`settings.a.pattern: "[a-" is not valid`, "missing closing ]"}},
		{entry("a", "X", "'a)|(b'", ""), []string{`settings.a.pattern: "a)|(b" is not valid`, "unexpected )"}},
		{entry("a", "X", strings.Repeat("a", 1025), ""), []string{"settings.a.pattern:", "at most 1024 bytes"}},
		{entry("a", "X", "'[0-9]+'", "'12x'"), []string{`settings.a.default: "12x" is not valid`, "does not match its pattern [0-9]+"}},
		{entry("a", "X", "'.*'", `"a\nb"`), []string{`settings.a.default: "a\nb"`, "U+000A"}},
		{"program: app.exe\nsettings: {a: {env: X, pattern: '.*', envv: Y}}\n", []string{`settings.a.envv: unknown key "envv"`}},
		{"program: app.exe\nsettings: {a: {env: X, pattern: '.*'}, a: {env: Y, pattern: '.*'}}\n", []string{"line 2: settings.a: is given twice"}},
	} {
		_, err := Parse([]byte(tt.src), "/srv", "app")
		if err == nil {
			t.Errorf("%q: accepted", tt.src)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: error %q does not say %q", tt.src, err, w)
			}
		}
	}
}

// A value must match the whole pattern and be plain text, whatever the
// pattern allows.
func TestSettingCheck(t *testing.T) {
	c := listenConfig(t)
	listen := c.Settings[0]
	if err := listen.Check("127.0.0.1:80"); err != nil {
		t.Errorf("a good value: %v", err)
	}
	for _, v := range []string{"127.0.0.1:80x", "x127.0.0.1:80", "0.0.0.0:80", " 127.0.0.1:80", "127.0.0.1:\uff18\uff10"} {
		if err := listen.Check(v); err == nil || !strings.Contains(err.Error(), `does not match its pattern 127\.0\.0\.1:[0-9]+`) {
			t.Errorf("%q: %v, want a mismatch naming the pattern", v, err)
		}
	}
	free := Setting{Name: "free", Pattern: `(?s).*`}
	for v, want := range map[string]string{
		"a\x00b":                  "U+0000",
		"a\tb":                    "U+0009",
		"a\rb":                    "U+000D",
		"a\u0085b":                "U+0085", // NEL, a C1 control
		"a\u202eb":                "U+202E", // right-to-left override
		"a\u200bb":                "U+200B", // zero-width space
		"a\u2028b":                "U+2028",
		"a\ufeffb":                "U+FEFF",
		"a\xffb":                  "not UTF-8 text",
		strings.Repeat("x", 1025): "is longer than any value it takes (at most 1024 bytes)",
	} {
		err := free.Check(v)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), `"free": `) {
			t.Errorf("%q: %v, want %q", v, err, want)
		}
		if err != nil && len(err.Error()) > 600 {
			t.Errorf("the message echoes a long value whole: %d bytes", len(err.Error()))
		}
	}
	if err := free.Check("a b\u00e9"); err != nil {
		t.Errorf("spaces and letters: %v", err)
	}
}

// testFile is listenConfig's settings in a config.json of its own, with
// the wrapper's view of them (Env).
type testFile struct {
	*settings.File
	c Config
}

func (f testFile) Env() (map[string]string, error) { return f.c.SettingsEnv(f.File) }

func settingsFile(t *testing.T) testFile {
	c := listenConfig(t)
	return testFile{c.SettingsFile(filepath.Join(testtemp.Dir(t), "data", "config.json")), c}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every bad config.json is refused with the file, the key, the value and
// the expected form; Env then passes nothing.
func TestSettingsFileRefuses(t *testing.T) {
	f := settingsFile(t)
	for _, tt := range []struct{ text, want string }{
		{`{"listen": "127.0.0.1:1", "colour": "red"}`, `unknown key "colour" (known keys: "listen", "token")`},
		{`{"l\u0456sten": "127.0.0.1:1"}`, "unknown key \"l\u0456sten\""},
		{`{"Listen": "127.0.0.1:1"}`, `unknown key "Listen"`},
		{`{"listen": "127.0.0.1:1", "listen": "127.0.0.1:2"}`, `key "listen" appears more than once`},
		{`{"listen": 8080}`, `"listen": 8080 is not a string (expected text matching 127\.0\.0\.1:[0-9]+)`},
		{`{"listen": null}`, `"listen": null is not a string`},
		{`{"listen": {"a": 1}}`, `"listen": {"a":1} is not a string`},
		{`{"listen": "0.0.0.0:80"}`, `"listen": "0.0.0.0:80" does not match its pattern`},
		{`{"listen": "127.0.0.1:80\u0000"}`, `U+0000`},
		{`{"token": "abc\u202edef"}`, `U+202E`},
		{"", "is empty"},
		{"  \n", "is empty"},
		{`["listen"]`, "is not a JSON object"},
		{`"127.0.0.1:1"`, "is not a JSON object"},
		{"{\n\"listen\": \"127.0.0.1:1\",\n}", "line 3"},
		{`{"listen": "127.0.0.1:1"} {}`, "invalid character"},
		{"{\"token\": \"ab\xffcd\"}", "is not UTF-8 text"},
		{"\xff\xfe{\x00}\x00", "is UTF-16 text"},
		{`{"token": "` + strings.Repeat("a", 70<<10) + `"}`, "a config file has at most 65536"},
	} {
		writeFile(t, f.Path, tt.text)
		env, err := f.Env()
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), f.Path) {
			t.Errorf("%.60q: %v, want %q naming the file", tt.text, err, tt.want)
		}
		if env != nil {
			t.Errorf("%.60q: env %v passed despite the error", tt.text, env)
		}
	}
	// Thousands of problems: the first ten are listed, the rest counted.
	var many strings.Builder
	many.WriteString("{")
	for i := range 3000 {
		fmt.Fprintf(&many, "%q: \"x\",", fmt.Sprintf("k%d", i))
	}
	many.WriteString(`"token": "abcd"}`)
	writeFile(t, f.Path, many.String())
	if _, err := f.Env(); err == nil || strings.Count(err.Error(), "unknown key") != 10 || !strings.Contains(err.Error(), "… and 2990 more problems") {
		t.Errorf("3000 unknown keys: %.300v", err)
	}
	// A UTF-8 BOM (Notepad) is fine.
	writeFile(t, f.Path, "\xef\xbb\xbf{\"listen\": \"127.0.0.1:5\"}")
	if env, err := f.Env(); err != nil || env["APP_LISTEN"] != "127.0.0.1:5" {
		t.Errorf("with a BOM: %v, %v", env, err)
	}
}

func TestSettingsFileEnv(t *testing.T) {
	f := settingsFile(t)
	env, err := f.Env()
	if err != nil || !reflect.DeepEqual(env, map[string]string{"APP_LISTEN": "127.0.0.1:8091"}) {
		t.Errorf("no config.json: %v, %v; want the default, token unset", env, err)
	}
	writeFile(t, f.Path, `{"token": "abcd"}`)
	env, err = f.Env()
	if err != nil || !reflect.DeepEqual(env, map[string]string{"APP_LISTEN": "127.0.0.1:8091", "APP_TOKEN": "abcd"}) {
		t.Errorf("token in config.json: %v, %v", env, err)
	}
	eff, err := f.Effective()
	want := []policy.Effective{
		{Name: "listen", Value: "127.0.0.1:8091", Source: policy.FromDefault},
		{Name: "token", Value: "abcd", Source: policy.FromFile},
	}
	if err != nil || !reflect.DeepEqual(eff, want) {
		t.Errorf("Effective = %+v, %v; want %+v", eff, err, want)
	}
}

func TestSettingsValidate(t *testing.T) {
	f := settingsFile(t)
	if err := f.Validate(map[string]string{"listen": "127.0.0.1:1", "token": ""}); err != nil {
		t.Errorf("good values (empty: not given): %v", err)
	}
	err := f.Validate(map[string]string{"colour": "red", "listen": "0.0.0.0:1"})
	for _, w := range []string{`unknown key "colour"`, `"0.0.0.0:1" does not match its pattern`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("Validate: %v, want %q", err, w)
		}
	}
	if _, serr := os.Stat(f.Path); serr == nil {
		t.Error("Validate wrote config.json")
	}
}

func TestSettingsApply(t *testing.T) {
	f := settingsFile(t)
	// Missing: created from the defaults, with the given value over them.
	if err := f.Apply(map[string]string{"token": "abcd"}); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, f.Path); got != "{\n  \"listen\": \"127.0.0.1:8091\",\n  \"token\": \"abcd\"\n}\n" {
		t.Errorf("created config.json:\n%s", got)
	}
	// An admin's file: a given value changes its key and keeps the others.
	writeFile(t, f.Path, `{"token":"wxyz",   "listen": "127.0.0.1:1"}`)
	if err := f.Apply(map[string]string{"listen": "127.0.0.1:2", "token": ""}); err != nil {
		t.Fatal(err)
	}
	if env, _ := f.Env(); env["APP_LISTEN"] != "127.0.0.1:2" || env["APP_TOKEN"] != "wxyz" {
		t.Errorf("after Apply: %v; want listen changed, token kept", env)
	}
	// Nothing changes: not written, byte for byte.
	const admin = "{ \"listen\" : \"127.0.0.1:2\" }"
	writeFile(t, f.Path, admin)
	for _, kv := range []map[string]string{nil, {"listen": "127.0.0.1:2"}, {"listen": ""}} {
		if err := f.Apply(kv); err != nil || readFile(t, f.Path) != admin {
			t.Errorf("Apply(%v): %v; config.json %q, want it untouched", kv, err, readFile(t, f.Path))
		}
	}
	// A bad value is refused, the file untouched.
	if err := f.Apply(map[string]string{"listen": "0.0.0.0:80"}); err == nil || !strings.Contains(err.Error(), "0.0.0.0:80") || readFile(t, f.Path) != admin {
		t.Errorf("bad value: %v", err)
	}
	// A bad config.json: left alone when nothing is given (a repair must not
	// fail on it), refused when a value is.
	const broken = `{"listen": "0.0.0.0:1"}`
	writeFile(t, f.Path, broken)
	if err := f.Apply(nil); err != nil || readFile(t, f.Path) != broken {
		t.Errorf("nothing given over a bad config: %v", err)
	}
	if err := f.Apply(map[string]string{"token": "abcd"}); err == nil || !strings.Contains(err.Error(), `"0.0.0.0:1" does not match`) || readFile(t, f.Path) != broken {
		t.Errorf("a value given over a bad config: %v; want a refusal, file untouched", err)
	}
}

func TestSettingsSeed(t *testing.T) {
	f := settingsFile(t)
	if err := f.Seed(map[string]string{"listen": "0.0.0.0:1"}); err == nil {
		t.Error("Seed accepted a bad value")
	}
	if err := f.Seed(map[string]string{"listen": "127.0.0.1:3"}); err != nil {
		t.Fatal(err)
	}
	if env, _ := f.Env(); !reflect.DeepEqual(env, map[string]string{"APP_LISTEN": "127.0.0.1:3"}) {
		t.Errorf("seeded: %v", env)
	}
	// An existing file, valid or not, is left byte for byte.
	for _, text := range []string{"{\"token\" :\"abcd\"}\n\n", "not json at all"} {
		writeFile(t, f.Path, text)
		if err := f.Seed(map[string]string{"listen": "127.0.0.1:4"}); err != nil || readFile(t, f.Path) != text {
			t.Errorf("Seed over %q: %v, file now %q", text, err, readFile(t, f.Path))
		}
	}
}

// The settings' variables come last: over the wrapper's own, the env files
// and env.set, names without case.
func TestEnvironSettingsLast(t *testing.T) {
	read := func(string) ([]byte, error) { return []byte("APP_LISTEN=file\n"), nil }
	got, err := Environ([]string{"app_listen=base", "OTHER=1"},
		EnvConfig{Files: []string{"/a.env"}, Set: map[string]string{"SET": "s"}, Settings: map[string]string{"APP_LISTEN": "127.0.0.1:1"}}, read)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"APP_LISTEN=127.0.0.1:1", "OTHER=1", "SET=s"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Environ = %q, want %q", got, want)
	}
}
