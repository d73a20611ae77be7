package wrap

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/internal/testtemp"
)

func TestParseDefaults(t *testing.T) {
	c, err := Parse([]byte("program: bin/app.exe\n"), "/srv", "app")
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Name:         "app",
		Program:      filepath.Join("/srv", "bin/app.exe"),
		Dir:          filepath.Join("/srv", "bin"),
		StartTimeout: defaultStartTimeout,
		Health:       HealthConfig{Interval: defaultHealthInterval},
		Stop:         StopConfig{Steps: []StopStep{{Method: StopCtrlBreak, Wait: defaultGrace}}},
		Restart: RestartConfig{Policy: RestartOnFailure, CleanCodes: []uint32{0}, Delay: defaultDelay, MaxDelay: defaultMaxDelay,
			ResetAfter: defaultResetAfter, MaxRestarts: defaultMaxRestarts, Window: defaultWindow},
		Output: OutputConfig{MaxBytes: defaultOutputMax, MaxFiles: defaultOutputFiles},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", c, want)
	}
}

func TestParseEverything(t *testing.T) {
	src := `
name: node-api
display_name: Node API
program: C:\nodejs\node.exe
args: [server.js, --port, "8080"]
working_dir: C:\app
env:
  files: [app.env]
  unset: [DEBUG]
  set: {NODE_ENV: production}
start_timeout: 45s
health: {http: "http://127.0.0.1:8080/healthz", interval: 250ms}
stop: {grace: 20s}
restart: {policy: always, clean_codes: [0, 2], delay: 2s, max_delay: 30s, reset_after: 5m, max_restarts: 0, window: 1h}
output: {dir: logs, max_bytes: 1MiB, max_files: 0}
limits: {memory: 2GiB, cpu_percent: 50}
`
	c, err := Parse([]byte(src), "/base", "exe-name")
	if err != nil {
		t.Fatal(err)
	}
	if c.Restart.MaxRestarts != 0 || c.Output.MaxFiles != 0 {
		t.Errorf("an explicit 0 must not become the default: max_restarts %d, max_files %d", c.Restart.MaxRestarts, c.Output.MaxFiles)
	}
	if c.Limits != (Limits{MemoryBytes: 2 << 30, CPUPercent: 50}) || c.Output.MaxBytes != 1<<20 {
		t.Errorf("limits %+v, output %+v", c.Limits, c.Output)
	}
	if len(c.Stop.Steps) != 1 || !reflect.DeepEqual(c.Stop.Steps[0], StopStep{Method: StopCtrlBreak, Wait: 20 * time.Second}) || c.StopTimeout() <= 20*time.Second {
		t.Errorf("stop %+v, stop timeout %v: grace is one Ctrl+Break step, and the runtime must allow more than it", c.Stop, c.StopTimeout())
	}
	if !reflect.DeepEqual(c.Args, []string{"server.js", "--port", "8080"}) || c.Env.Set["NODE_ENV"] != "production" {
		t.Errorf("args %q env %+v", c.Args, c.Env)
	}
	if c.Output.Dir != filepath.Join("/base", "logs") || c.Env.Files[0] != filepath.Join("/base", "app.env") {
		t.Errorf("relative paths must start at the config's folder: %q %q", c.Output.Dir, c.Env.Files[0])
	}
}

// Each bad value is named by its key, with the value and the expected form.
func TestParseErrorsNameKeyValueAndForm(t *testing.T) {
	base := "name: app\nprogram: app.exe\n"
	tests := []struct{ src, want []string }{
		{[]string{"name: 'a b'\nprogram: x"}, []string{"name:", `"a b"`, "letters, digits"}},
		{[]string{"name: app"}, []string{"program:", "path of the program"}},
		{[]string{base + "start_timeout: 10"}, []string{"start_timeout:", `"10"`, "a duration from 1s to 1h"}},
		{[]string{base + "stop: {grace: -1s}"}, []string{"stop.grace:", `"-1s"`, "a duration from 100ms to 1h"}},
		{[]string{base + "restart: {policy: sometimes}"}, []string{"restart.policy:", `"sometimes"`, "on-failure, always or never"}},
		{[]string{base + "restart: {delay: 10s, max_delay: 1s}"}, []string{"restart.max_delay:", "at least restart.delay"}},
		{[]string{base + "restart: {max_restarts: -1}"}, []string{"restart.max_restarts:", `"-1"`, "a count from 0 to 1000"}},
		{[]string{base + "health: {http: 'ftp://x'}"}, []string{"health.http:", `"ftp://x"`, "http://"}},
		{[]string{base + "health: {tcp: 'localhost'}"}, []string{"health.tcp:", `"localhost"`, "host:port"}},
		{[]string{base + "health: {tcp: 'a:1', http: 'http://a'}"}, []string{"health:", "one of health.http or health.tcp"}},
		{[]string{base + "output: {max_bytes: 10MB}"}, []string{"output.max_bytes:", `"10MB"`, "10MiB"}},
		{[]string{base + "limits: {memory: 1KiB}"}, []string{"limits.memory:", `"1KiB"`, "a size from 1MiB to 1024GiB"}},
		{[]string{base + "limits: {cpu_percent: 150}"}, []string{"limits.cpu_percent:", `"150"`, "1 to 100"}},
		{[]string{base + "env: {unset: ['A=B']}"}, []string{"env.unset[0]:", `"A=B"`, "without '='"}},
		{[]string{base + "stop: {signal: ctrl-c}"}, []string{`stop.signal: unknown key "signal"`}},
		{[]string{base + "programm: x"}, []string{`line 3: programm: unknown key "programm"`}},
		{[]string{base + "args: x"}, []string{"line 3"}},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.src[0]), "/", "app")
		if err == nil {
			t.Errorf("%q: no error", tt.src[0])
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: error %q does not say %q", tt.src[0], err, w)
			}
		}
	}
}

func TestConfigPathBesideExe(t *testing.T) {
	if got := ConfigPath(filepath.Join("dir", "myapp.exe")); got != filepath.Join("dir", "myapp.yaml") {
		t.Errorf("ConfigPath = %q", got)
	}
}

func TestEnviron(t *testing.T) {
	files := map[string]string{
		"/a.env": "# comment\n\nFROM_FILE=1\nPath=from-file\r\nOVERRIDDEN=file\n",
	}
	read := func(p string) ([]byte, error) { return []byte(files[p]), nil }
	got, err := Environ([]string{"PATH=C:\\Windows", "=C:=C:\\x", "DEBUG=1", "keep=me"},
		EnvConfig{Files: []string{"/a.env"}, Unset: []string{"debug"}, Set: map[string]string{"OVERRIDDEN": "set", "NEW": "a=b"}}, read)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"=C:=C:\\x", "FROM_FILE=1", "keep=me", "NEW=a=b", "OVERRIDDEN=set", "Path=from-file"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Environ = %q, want %q (names without case, file < unset < set, sorted)", got, want)
	}
	files["/bad.env"] = "OK=1\nno equals sign\n"
	if _, err := Environ(nil, EnvConfig{Files: []string{"/bad.env"}}, read); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("bad env file: %v, want an error naming line 2", err)
	}
}

func TestParseProgramOnlyExeOrCom(t *testing.T) {
	for _, p := range []string{"run.bat", "run.CMD", `C:\app\run.cmd`, "server", "script.ps1"} {
		_, err := Parse([]byte("program: "+p+"\n"), "/srv", "app")
		if err == nil || !strings.Contains(err.Error(), "program:") || !strings.Contains(err.Error(), `C:\Windows\System32\cmd.exe`) {
			t.Errorf("program %s: err = %v, want a refusal naming cmd.exe", p, err)
		}
	}
	for _, p := range []string{"app.exe", "APP.EXE", "tool.com", `C:\Windows\System32\cmd.exe`} {
		if _, err := Parse([]byte("program: "+p+"\n"), "/srv", "app"); err != nil {
			t.Errorf("program %s: %v", p, err)
		}
	}
}

func TestParseNameStartsAndEndsWithLetterOrDigit(t *testing.T) {
	for _, n := range []string{".", "..", ".app", "app.", "-a", "a_"} {
		if _, err := Parse([]byte("name: '"+n+"'\nprogram: app.exe\n"), "/srv", "app"); err == nil || !strings.Contains(err.Error(), "name:") {
			t.Errorf("name %q: err = %v, want refused", n, err)
		}
	}
	for _, n := range []string{"a", "my.app-2_x", "9"} {
		if _, err := Parse([]byte("name: '"+n+"'\nprogram: app.exe\n"), "/srv", "app"); err != nil {
			t.Errorf("name %q: %v", n, err)
		}
	}
	if _, err := Parse([]byte("program: app.exe\n"), "/srv", ".."); err == nil {
		t.Error(`exe named ".." accepted as the service name`)
	}
}

func TestParseEnvSetNamesDifferingOnlyInCase(t *testing.T) {
	_, err := Parse([]byte("program: app.exe\nenv: {set: {Path: a, PATH: b}}\n"), "/srv", "app")
	if err == nil || !strings.Contains(err.Error(), `"PATH" and "Path" are the same variable`) {
		t.Errorf("err = %v, want the two names refused", err)
	}
}

func TestReadLimitedRefusesMore(t *testing.T) {
	if _, err := readLimited(strings.NewReader(strings.Repeat("x", 11)), "f", 10); err == nil || !strings.Contains(err.Error(), "over 10 bytes") {
		t.Errorf("err = %v, want over the limit", err)
	}
	if b, err := readLimited(strings.NewReader(strings.Repeat("x", 10)), "f", 10); err != nil || len(b) != 10 {
		t.Errorf("= %d bytes, %v", len(b), err)
	}
}

func TestReadEnvFileIsCapped(t *testing.T) {
	path := filepath.Join(testtemp.Dir(t), "big.env")
	if err := os.WriteFile(path, make([]byte, maxEnvFileBytes+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadEnvFile(path); err == nil || !strings.Contains(err.Error(), "big.env") {
		t.Errorf("err = %v, want the oversized env file refused", err)
	}
}
