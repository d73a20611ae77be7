package wrap

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/wrap/pathcases"
)

// TestParseRefusesYAMLBeyondPlain: a second document, anchors, aliases,
// merge keys and tags are refused, each naming its line and key, not read
// around or taken as text (internal/strictyaml's rules; packaging/internal/product's
// TestWrapSectionDecodesAsSvcwrapDoes holds svcpack.yaml to the same).
func TestParseRefusesYAMLBeyondPlain(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"program: app.exe\n---\nprogram: other.exe\n", "line 2: holds more than one YAML document"},
		{"program: app.exe\n---\n", "line 2: holds more than one YAML document"},
		{"program: app.exe\nenv:\n  set: &vars {A: '1'}\n  unset: [B]\nargs: *vars\n", "line 3: env.set: uses a YAML anchor or alias"},
		{"program: app.exe\nargs: [a, *x]\n", "unknown anchor"},
		{"program: &p app.exe\nworking_dir: *p\n", "line 2: working_dir: uses a YAML anchor or alias"},
		{"program: app.exe\nrestart:\n  <<: {policy: never}\n", "line 3: restart: has a key that is not a plain name (merge keys"},
		{"program: app.exe\nargs: [!!binary aGVsbG8=]\n", `line 2: args[0]: has the YAML tag "!!binary"`},
		{"program: !foo app.exe\n", `line 1: program: has the YAML tag "!foo"`},
		{"program: app.exe\nargs: [!!str 1]\n", `line 2: args[0]: has the YAML tag "!!str"`},
		{"program: app.exe\nenv: !!map {set: {A: b}}\n", `line 2: env: has the YAML tag "!!map"`},
	} {
		_, err := Parse([]byte(c.src), "/srv", "app")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v, want %q", c.src, err, c.want)
		}
	}
}

// TestParseBoundsEveryNumber: each numeric key is refused outside its
// bounds, naming the key, the value and the range, and its bounds
// themselves are taken.
func TestParseBoundsEveryNumber(t *testing.T) {
	const base = "program: app.exe\n"
	for _, c := range []struct{ src, key, want string }{
		{"restart: {clean_codes: [0, -1]}", "restart.clean_codes[1]", "0 to 4294967295"},
		{"restart: {clean_codes: [4294967296]}", "restart.clean_codes[0]", "0 to 4294967295"},
		{"restart: {clean_codes: [-2147483648]}", "restart.clean_codes[0]", "-1 is 4294967295"},
		{"restart: {max_restarts: 1001}", "restart.max_restarts", "0 to 1000"},
		{"output: {max_files: 1000000000}", "output.max_files", "0 to 100"},
		{"output: {max_files: -1}", "output.max_files", "0 to 100"},
		{"output: {max_bytes: 17GiB}", "output.max_bytes", "64KiB to 16GiB"},
		{"output: {max_bytes: 65535}", "output.max_bytes", "64KiB to 16GiB"},
		{"output: {max_age: 59m}", "output.max_age", "1h to 8784h"},
		{"output: {max_age: 8785h}", "output.max_age", "1h to 8784h"},
		{"output: {rotate: weekly}", "output.rotate", "hourly or daily"},
		{"output: {rotate: Daily}", "output.rotate", "hourly or daily"},
		{"limits: {memory: 1025GiB}", "limits.memory", "1MiB to"},
		{"start_timeout: 2h", "start_timeout", "1s to 1h"},
		{"start_timeout: 999ms", "start_timeout", "1s to 1h"},
		{"health: {tcp: 'a:1', interval: 1ms}", "health.interval", "10ms to 1m"},
		{"health: {tcp: 'a:1', interval: 61s}", "health.interval", "10ms to 1m"},
		{"stop: {grace: 2h}", "stop.grace", "100ms to 1h"},
		{"restart: {delay: 25h, max_delay: 25h}", "restart.delay", "10ms to 24h"},
		{"restart: {max_delay: 1000000h}", "restart.max_delay", "10ms to 24h"},
		{"restart: {reset_after: 1ms}", "restart.reset_after", "1s to 24h"},
		{"restart: {window: 8760h}", "restart.window", "1s to 24h"},
		{"health: {http: 'http://'}", "health.http", "with a host"},
		{"health: {http: 'http:///healthz'}", "health.http", "with a host"},
		{"health: {http: 'http:127.0.0.1'}", "health.http", "absolute"},
		{"health: {http: 'http://127.0.0.1:0/'}", "health.http", "1–65535"},
		{"health: {http: 'http://127.0.0.1:65536/'}", "health.http", "1–65535"},
		{"health: {http: 'http://127.0.0.1:080/'}", "health.http", "1–65535"},
		{"health: {http: 'http://127.0.0.1:/'}", "health.http", "1–65535"},
		{"health: {http: 'http://user:pw@127.0.0.1/'}", "health.http", "user:password@"},
	} {
		_, err := Parse([]byte(base+c.src+"\n"), "/srv", "app")
		if err == nil || !strings.Contains(err.Error(), c.key+": ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %s refused saying %q", c.src, err, c.key, c.want)
		}
	}
	cfg, err := Parse([]byte(base+`
start_timeout: 1h
health: {http: "HTTPS://[::1]/x?y#z", interval: 10ms}
stop: {grace: 100ms}
restart: {clean_codes: [0, 4294967295], max_restarts: 1000, delay: 10ms, max_delay: 24h, reset_after: 1s, window: 24h}
output: {max_bytes: 16GiB, max_files: 100}
limits: {memory: 1MiB}
`), "/srv", "app")
	if err != nil {
		t.Fatalf("the bounds themselves: %v", err)
	}
	if fmt.Sprint(cfg.Restart.CleanCodes) != "[0 4294967295]" {
		t.Errorf("clean codes %v", cfg.Restart.CleanCodes)
	}
	if !cfg.Restart.clean(Exit{Code: 0xFFFFFFFF}) || cfg.Restart.clean(Exit{Code: 1}) {
		t.Error("exit code 0xFFFFFFFF must be clean and 1 not")
	}
}

// TestParsePathRule: program, working_dir, env.files and output.dir take a
// path relative to the exe's folder or absolute on a drive, by the one rule
// (CheckPath) svcpack's check applies to a product's wrap section with the
// same table (packaging/internal/product's TestWrapPathRule).
func TestParsePathRule(t *testing.T) {
	keys := []struct{ key, yaml string }{
		{"program", "program: %s\n"},
		{"working_dir", "program: app.exe\nworking_dir: %s\n"},
		{"env.files[0]", "program: app.exe\nenv: {files: [%s]}\n"},
		{"output.dir", "program: app.exe\noutput: {dir: %s}\n"},
	}
	for _, k := range keys {
		for _, c := range pathcases.Hostile {
			src := fmt.Sprintf(k.yaml, strconv.Quote(c.Path))
			_, err := Parse([]byte(src), `C:\app`, "app")
			if err == nil || !strings.Contains(err.Error(), k.key+": ") || !strings.Contains(err.Error(), c.Says) {
				t.Errorf("%s %q: err = %v, want it refused saying %q", k.key, c.Path, err, c.Says)
			}
		}
		for _, p := range pathcases.Accepted {
			if _, err := Parse([]byte(fmt.Sprintf(k.yaml, strconv.Quote(p))), `C:\app`, "app"); err != nil {
				t.Errorf("%s %q: %v", k.key, p, err)
			}
		}
	}
	for _, p := range []string{`C:\`, `.`, `bin\`, `C:\app/`} {
		if kind, why := CheckPath(p); kind == PathInvalid {
			t.Errorf("CheckPath(%q): %s, want a folder taken", p, why)
		}
	}
}
