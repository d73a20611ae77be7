package wrap

import (
	"reflect"
	"strings"
	"testing"
)

// base is the wrapper's environment in these tests, as the SCM gives it.
var expandBase = []string{
	`SystemRoot=C:\Windows`,
	`ProgramFiles(x86)=C:\Program Files (x86)`,
	`PERCENT=%SystemRoot%`, // a value holding %…% from the environment
	`=C:=C:\svc`,
	"BIG=" + strings.Repeat("b", 20000),
	"UNSET_ME=gone",
}

func environSet(t *testing.T, set map[string]string) ([]string, error) {
	t.Helper()
	files := map[string]string{"/a.env": "FROM_FILE=f\n"}
	read := func(p string) ([]byte, error) { return []byte(files[p]), nil }
	return Environ(expandBase, EnvConfig{Files: []string{"/a.env"}, Unset: []string{"unset_me"}, Set: set}, read)
}

func envValue(env []string, name string) string {
	for _, kv := range env {
		if k, v, _ := strings.Cut(kv, "="); strings.EqualFold(k, name) {
			return v
		}
	}
	return "<absent>"
}

func TestEnvSetExpansion(t *testing.T) {
	for _, c := range []struct{ value, want string }{
		{`%SystemRoot%\System32`, `C:\Windows\System32`},
		{`%systemroot%`, `C:\Windows`}, // no case, as Windows
		{`%ProgramFiles(x86)%\app`, `C:\Program Files (x86)\app`},
		{`%FROM_FILE%-%SystemRoot%`, `f-C:\Windows`}, // env.files count
		{`100%%`, `100%`},
		{`%%%%`, `%%`},
		{`%%SystemRoot%%`, `%SystemRoot%`}, // the text itself
		{`%PERCENT%`, `%SystemRoot%`},      // one pass: what comes in is not expanded again
		{`no percent`, `no percent`},
		{``, ``},
	} {
		env, err := environSet(t, map[string]string{"X": c.value})
		if err != nil {
			t.Errorf("%q: %v", c.value, err)
			continue
		}
		if got := envValue(env, "X"); got != c.want {
			t.Errorf("%q expanded to %q, want %q", c.value, got, c.want)
		}
	}
}

// Set entries see the environment before env.set, never each other or
// themselves: no recursion, no order.
func TestEnvSetEntriesDoNotSeeEachOther(t *testing.T) {
	env, err := environSet(t, map[string]string{"SystemRoot": `%SystemRoot%\x`, "Y": "%SystemRoot%"})
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{envValue(env, "SystemRoot"), envValue(env, "Y")}; !reflect.DeepEqual(got, []string{`C:\Windows\x`, `C:\Windows`}) {
		t.Errorf("SystemRoot, Y = %q; want both from the environment before env.set", got)
	}
	for _, set := range []map[string]string{
		{"A": "%B%", "B": "%A%"}, // neither is in the environment before env.set
		{"A": "%A%"},
	} {
		if _, err := environSet(t, set); err == nil || !strings.Contains(err.Error(), "is not set") {
			t.Errorf("%v: err = %v, want the unknown variable named", set, err)
		}
	}
}

// Every hostile value is refused, naming the key, never expanded to empty
// or passed on half-expanded.
func TestEnvSetExpansionHostile(t *testing.T) {
	for _, c := range []struct{ value, want string }{
		{`%NOPE%`, `env.set.X: %NOPE% is not set`},
		{`%UNSET_ME%`, `%UNSET_ME% is not set`}, // env.unset applies first
		{`%`, `the % at byte 0 starts no %NAME%`},
		{`100%`, `the % at byte 3 starts no %NAME%`},
		{`%%%`, `the % at byte 2 starts no %NAME%`},
		{`%SystemRoot`, `the % at byte 0`},
		{`50% off, 20% more`, `"% off, 20%" is not a variable reference`},
		{`%A=B%`, `is not a variable reference`},
		{`%=C:%`, `is not a variable reference`},
		{"%A\x01B%", `is not a variable reference`},
		{"%A\nB%", `is not a variable reference`},
		{`%Ä%`, `is not a variable reference`},
		{"%" + strings.Repeat("N", 129) + "%", `is not a variable reference`},
		{"%" + strings.Repeat("N", 100000) + "%", `is not a variable reference`},
		{`%BIG%%BIG%`, `over 32767 bytes`},
		{strings.Repeat("%BIG%", 10000), `over 32767 bytes`},
	} {
		_, err := environSet(t, map[string]string{"X": c.value})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "env.set.X") {
			t.Errorf("%.60q: err = %.300v, want env.set.X and %q", c.value, err, c.want)
		}
		if err != nil && len(err.Error()) > 2000 {
			t.Errorf("%.60q: the error is %d bytes: the value must be cut", c.value, len(err.Error()))
		}
	}
}

// The syntax is checked when the file is read (and so by svcpack check);
// an unknown name only at start, when the environment exists.
func TestParseChecksExpansionSyntax(t *testing.T) {
	if _, err := Parse([]byte("program: app.exe\nenv: {set: {X: '100%'}}\n"), "/srv", "app"); err == nil ||
		!strings.Contains(err.Error(), "env.set.X") || !strings.Contains(err.Error(), "%%") {
		t.Errorf("Parse: %v; want env.set.X refused, saying %%%% is a literal %%", err)
	}
	if _, err := Parse([]byte("program: app.exe\nenv: {set: {X: '%NOT_YET_KNOWN%\\x', Y: '99%%'}}\n"), "/srv", "app"); err != nil {
		t.Errorf("Parse: %v; a well-formed reference is checked at start", err)
	}
}

// Only env.set expands: env.files values and the settings' variables are
// taken as they are.
func TestOnlyEnvSetExpands(t *testing.T) {
	read := func(string) ([]byte, error) { return []byte("F=%SystemRoot%\n"), nil }
	env, err := Environ(expandBase, EnvConfig{Files: []string{"/f.env"}, Settings: map[string]string{"S": "%SystemRoot%"}}, read)
	if err != nil {
		t.Fatal(err)
	}
	if envValue(env, "F") != "%SystemRoot%" || envValue(env, "S") != "%SystemRoot%" {
		t.Errorf("F=%q S=%q; want both as written", envValue(env, "F"), envValue(env, "S"))
	}
}
