package wrap

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/internal/wrap/pathcases"
)

// TestParseExitStopAndHooks: exit_codes, stop.steps and hooks read as
// written, relative programs from the config's folder, the stop time the
// runtime allows covering every step and the stop hooks.
func TestParseExitStopAndHooks(t *testing.T) {
	c, err := Parse([]byte(`program: app.exe
exit_codes: {success: ["0", "4294967295"], restart: [75], failure: [2, 3]}
stop:
  steps:
    - {method: ctrl_c, wait: 2s}
    - {method: close_windows, wait: 500ms}
    - {method: command, wait: 20s, command: [bin\stop.exe, --now, "two words"]}
    - {method: ctrl_break}
hooks:
  pre_start: {command: [C:\tools\migrate.exe, up], timeout: 2m}
  post_stop: {command: [notify.exe]}
`), "/srv", "app")
	if err != nil {
		t.Fatal(err)
	}
	if want := (ExitCodes{Success: []uint32{0, 4294967295}, Restart: []uint32{75}, Failure: []uint32{2, 3}}); !reflect.DeepEqual(c.ExitCodes, want) {
		t.Errorf("exit codes %+v, want %+v", c.ExitCodes, want)
	}
	want := []StopStep{
		{Method: StopCtrlC, Wait: 2 * time.Second},
		{Method: StopCloseWindows, Wait: 500 * time.Millisecond},
		{Method: StopCommand, Wait: 20 * time.Second, Command: Command{Program: filepath.Join("/srv", `bin\stop.exe`), Args: []string{"--now", "two words"}}},
		{Method: StopCtrlBreak, Wait: defaultGrace},
	}
	if !reflect.DeepEqual(c.Stop.Steps, want) || !c.Stop.SendsCtrlC() {
		t.Errorf("stop steps\n%+v\nwant\n%+v", c.Stop.Steps, want)
	}
	if c.Hooks.PreStart == nil || c.Hooks.PreStart.Timeout != 2*time.Minute || c.Hooks.PreStart.Command.Program != `C:\tools\migrate.exe` ||
		c.Hooks.PostStop == nil || c.Hooks.PostStop.Timeout != defaultHookTimeout || c.Hooks.PostStart != nil || c.Hooks.PreStop != nil {
		t.Errorf("hooks %+v %+v", c.Hooks.PreStart, c.Hooks.PostStop)
	}
	// 2s + 500ms + 20s + 10s of steps, 30s of post_stop, 10s for the end of the tree.
	if got, want := c.StopTimeout(), 72500*time.Millisecond; got != want {
		t.Errorf("stop timeout %v, want %v", got, want)
	}
	keys := []string{}
	for k := range c.Commands() {
		keys = append(keys, k)
	}
	if fmt.Sprint(sortedKeys(c.Commands())) != "[hooks.post_stop hooks.pre_start stop.steps[2].command]" {
		t.Errorf("commands %v", keys)
	}
}

// Without stop.steps, stop.grace is today's single Ctrl+Break step, and
// without exit_codes every exit is left to restart.policy.
func TestParseStopGraceIsOneCtrlBreakStep(t *testing.T) {
	c, err := Parse([]byte("program: app.exe\nstop: {grace: 3s}\n"), "/srv", "app")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Stop.Steps, []StopStep{{Method: StopCtrlBreak, Wait: 3 * time.Second}}) || c.Stop.SendsCtrlC() {
		t.Errorf("steps %+v", c.Stop.Steps)
	}
	for _, code := range []uint32{0, 1, 75, 4294967295} {
		if a := c.ExitCodes.action(code); a != exitByPolicy {
			t.Errorf("code %d: action %d without exit_codes, want the policy's", code, a)
		}
	}
}

// Hostile and wrong values in the new keys: each refused naming its key,
// the value and what is expected.
func TestParseRefusesBadExitStopAndHooks(t *testing.T) {
	const base = "program: app.exe\n"
	for _, c := range []struct{ src, key, want string }{
		{"exit_codes: {success: ['-1']}", "exit_codes.success[0]", "-1 is 4294967295"},
		{"exit_codes: {restart: ['4294967296']}", "exit_codes.restart[0]", "0 to 4294967295"},
		{"exit_codes: {failure: ['0x10']}", "exit_codes.failure[0]", "decimal exit code"},
		{"exit_codes: {failure: ['010']}", "exit_codes.failure[0]", "decimal exit code"},
		{"exit_codes: {failure: [' 1']}", "exit_codes.failure[0]", "decimal exit code"},
		{"exit_codes: {failure: ['+1']}", "exit_codes.failure[0]", "decimal exit code"},
		{"exit_codes: {failure: ['']}", "exit_codes.failure[0]", "decimal exit code"},
		{"exit_codes: {failure: ['1e3']}", "exit_codes.failure[0]", "decimal exit code"},
		{"exit_codes: {failure: [0]}", "exit_codes.failure[0]", "reads a service-specific exit code 0 as success"},
		{"exit_codes: {success: [3], failure: [3]}", "exit_codes.failure[0]", "it is exit_codes.success[0] already"},
		{"exit_codes: {restart: [3, 3]}", "exit_codes.restart[1]", "it is exit_codes.restart[0] already"},
		{"exit_codes: {sometimes: [3]}", `exit_codes.sometimes: unknown key "sometimes"`, "expected one of failure, restart, success"},
		{"stop: {steps: [{method: sigterm}]}", "stop.steps[0].method", "one of ctrl_break, ctrl_c, close_windows or command"},
		{"stop: {steps: [{method: CTRL_C}]}", "stop.steps[0].method", "one of ctrl_break"},
		{"stop: {steps: [{method: ''}]}", "stop.steps[0].method", "one of ctrl_break"},
		{"stop: {steps: [{method: ctrl_c}, {method: ctrl_c}]}", "stop.steps[1].method", "each method once"},
		{"stop: {grace: 5s, steps: [{method: ctrl_c}]}", "stop.grace", "no stop.grace beside stop.steps"},
		{"stop: {steps: [{method: ctrl_c, wait: 50ms}]}", "stop.steps[0].wait", "100ms to 1h"},
		{"stop: {steps: [{method: ctrl_c, wait: 2h}]}", "stop.steps[0].wait", "100ms to 1h"},
		{"stop: {steps: [{method: ctrl_c, wait: -1s}]}", "stop.steps[0].wait", "100ms to 1h"},
		{"stop: {steps: [{method: ctrl_c, wait: forever}]}", "stop.steps[0].wait", "100ms to 1h"},
		{"stop: {steps: [{method: command}]}", "stop.steps[0].command", "the program and its arguments as a list"},
		{"stop: {steps: [{method: command, command: []}]}", "stop.steps[0].command", "the program and its arguments as a list"},
		{"stop: {steps: [{method: command, command: ['']}]}", "stop.steps[0].command", "the program and its arguments as a list"},
		{"stop: {steps: [{method: ctrl_c, command: [stop.exe]}]}", "stop.steps[0].command", "only method command runs one"},
		{"stop: {steps: [{method: command, command: [stop.bat]}]}", "stop.steps[0].command[0]", "an .exe or .com program"},
		{"stop: {steps: [{method: command, command: ['stop.exe', \"a\\0b\"]}]}", "stop.steps[0].command[1]", "without NUL"},
		{"stop: {steps: [{method: command, command: 'stop.exe --now'}]}", "line 2: stop.steps[0].command", "is a single value: expected a list"}, // a string is not an argv list
		{"hooks: {pre_start: {command: [x.cmd]}}", "hooks.pre_start.command[0]", "an .exe or .com program"},
		{"hooks: {post_start: {}}", "hooks.post_start.command", "the program and its arguments as a list"},
		{"hooks: {pre_stop: {command: [x.exe], timeout: 500ms}}", "hooks.pre_stop.timeout", "1s to 1h"},
		{"hooks: {post_stop: {command: [x.exe], timeout: 2h}}", "hooks.post_stop.timeout", "1s to 1h"},
		{"hooks: {post_stop: {command: [x.exe, \"\\0\"]}}", "hooks.post_stop.command[1]", "without NUL"},
		{"hooks: {on_crash: {command: [x.exe]}}", `hooks.on_crash: unknown key "on_crash"`, ""},
		{"hooks: {pre_start: {command: [x.exe], shell: true}}", `hooks.pre_start.shell: unknown key "shell"`, ""},
	} {
		_, err := Parse([]byte(base+c.src+"\n"), "/srv", "app")
		if err == nil || !strings.Contains(err.Error(), c.key) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %s refused saying %q", c.src, err, c.key, c.want)
		}
	}
}

// A hook's or stop command's program follows the path rule of program, on
// the same hostile table.
func TestParseCommandPathRule(t *testing.T) {
	keys := []struct{ key, yaml string }{
		{"hooks.pre_start.command[0]", "program: app.exe\nhooks: {pre_start: {command: [%s]}}\n"},
		{"hooks.post_stop.command[0]", "program: app.exe\nhooks: {post_stop: {command: [%s, arg]}}\n"},
		{"stop.steps[0].command[0]", "program: app.exe\nstop: {steps: [{method: command, command: [%s]}]}\n"},
	}
	for _, k := range keys {
		for _, c := range pathcases.Hostile {
			_, err := Parse([]byte(fmt.Sprintf(k.yaml, strconv.Quote(c.Path))), `C:\app`, "app")
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
}
