package product

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/internal/wrap"
	"github.com/svcpack/svcpack/internal/wrap/pathcases"
)

// wrapProblem parses the sample wrapped product with old replaced by new and
// says whether a problem at path, with a line, says want.
func wrapProblem(t *testing.T, old, new, path, want string) (bool, error) {
	t.Helper()
	_, err := Parse("svcpack.yaml", []byte(edit(t, wrapBase(t), old, new)))
	var pe *Errors
	if !errors.As(err, &pe) {
		return false, err
	}
	for _, p := range pe.Problems {
		if p.Path == path && p.Line > 0 && strings.Contains(p.Msg, want) {
			return true, err
		}
	}
	return false, err
}

// TestWrapPathRule: svcpack check applies svcwrap's one path rule
// (wrap.CheckPath) to wrap.program, working_dir, env.files and output.dir,
// with the table internal/wrap's TestParsePathRule uses: drive-relative,
// rooted, UNC, device and NT paths, "..", and names Windows would not keep
// as written are refused, naming the key and its line.
func TestWrapPathRule(t *testing.T) {
	const program = "  program: console.exe"
	keys := []struct{ path, new string }{
		{"wrap.program", "  program: %s"},
		{"wrap.working_dir", program + "\n  working_dir: %s"},
		{"wrap.env.files[0]", program + "\n  env: {files: [%s]}"},
		{"wrap.output.dir", program + "\n  output: {dir: %s}"},
	}
	for _, k := range keys {
		for _, c := range pathcases.Hostile {
			new := strings.Replace(k.new, "%s", strconv.Quote(c.Path), 1)
			if ok, err := wrapProblem(t, program, new, k.path, c.Says); !ok {
				t.Errorf("%s %q: want a problem at %s saying %q, got:\n%v", k.path, c.Path, k.path, c.Says, err)
			}
		}
		if k.path == "wrap.program" {
			continue // a relative program is one of wrap.files
		}
		for _, p := range pathcases.Accepted {
			new := strings.Replace(k.new, "%s", strconv.Quote(p), 1)
			if _, err := Parse("svcpack.yaml", []byte(edit(t, wrapBase(t), program, new))); err != nil {
				t.Errorf("%s %q: %v", k.path, p, err)
			}
		}
	}
	for _, p := range []string{`C:\Program Files\nodejs\node.exe`, `d:/tools/x.exe`} {
		if _, err := Parse("svcpack.yaml", []byte(edit(t, wrapBase(t), program, "  program: "+strconv.Quote(p)))); err != nil {
			t.Errorf("wrap.program %q: %v", p, err)
		}
	}
}

// TestWrapNumbersAndHealthURL: svcwrap's bounds reach svcpack check through
// its parser, each problem at its key in svcpack.yaml with its line.
func TestWrapNumbersAndHealthURL(t *testing.T) {
	const policy, url = "    policy: on-failure", `    http: "http://127.0.0.1:8091/"`
	for _, c := range []struct{ old, new, path, want string }{
		{policy, policy + "\n    clean_codes: [0, -1]", "wrap.restart.clean_codes[1]", "0 to 4294967295"},
		{policy, policy + "\n    clean_codes: [4294967296]", "wrap.restart.clean_codes[0]", "0 to 4294967295"},
		{policy, policy + "\n    max_restarts: 100000", "wrap.restart.max_restarts", "0 to 1000"},
		{policy, policy + "\n    window: 8760h", "wrap.restart.window", "1s to 24h"},
		{policy, policy + "\n  output: {max_files: 1000000000}", "wrap.output.max_files", "0 to 100"},
		{policy, policy + "\n  output: {max_bytes: 1000GiB}", "wrap.output.max_bytes", "64KiB to 16GiB"},
		{policy, policy + "\n  output: {rotate: weekly}", "wrap.output.rotate", "hourly or daily"},
		{policy, policy + "\n  env: {set: {X: '100%'}}", "wrap.env.set.X", "%% for a literal %"},
		{policy, policy + "\n  output: {max_age: 1m}", "wrap.output.max_age", "1h to 8784h"},
		{policy, policy + "\n  limits: {memory: 2048GiB}", "wrap.limits.memory", "1MiB to"},
		{url, `    http: "http://"`, "wrap.health.http", "with a host"},
		{url, `    http: "http://127.0.0.1:0/"`, "wrap.health.http", "1–65535"},
	} {
		if ok, err := wrapProblem(t, c.old, c.new, c.path, c.want); !ok {
			t.Errorf("%s: want a problem at %s saying %q, got:\n%v", c.new, c.path, c.want, err)
		}
	}
}

// TestWrapCleanCodesReachSvcwrap: the largest exit code passes svcpack
// check on any GOARCH and reaches svcwrap's parser as written.
func TestWrapCleanCodesReachSvcwrap(t *testing.T) {
	src := edit(t, wrapBase(t), "    policy: on-failure", "    policy: on-failure\n    clean_codes: [0, 4294967295]")
	p, err := Parse("svcpack.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := svcwrapReads(t, p); !slices.Equal(c.Restart.CleanCodes, []uint32{0, 4294967295}) {
		t.Errorf("clean codes %v, want [0 4294967295]", c.Restart.CleanCodes)
	}
}

// TestWrapOutputRotationReachesSvcwrap: the output section's rotation keys
// pass svcpack check and reach svcwrap's parser as written.
func TestWrapOutputRotationReachesSvcwrap(t *testing.T) {
	src := edit(t, wrapBase(t), "    policy: on-failure",
		"    policy: on-failure\n  output: {rotate: daily, max_age: 720h, compress: true, max_files: 20}")
	p, err := Parse("svcpack.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := svcwrapReads(t, p)
	if o := c.Output; o.Every != 24*time.Hour || o.MaxAge != 720*time.Hour || !o.Compress || o.MaxFiles != 20 {
		t.Errorf("output %+v, want daily, 720h, compressed, 20 files", o)
	}
}

// TestWrapExitStopAndHooks: exit_codes, stop.steps and hooks pass through
// the wrap section into the rendered <name>.yaml as svcwrap reads them, and
// their problems are named at their keys with lines, by svcwrap's parser.
func TestWrapExitStopAndHooks(t *testing.T) {
	const policy = "    policy: on-failure"
	src := edit(t, wrapBase(t), policy, policy+`
  exit_codes: {success: [10], restart: [75], failure: [3, 4294967295]}
  stop:
    steps:
      - {method: ctrl_c, wait: 2s}
      - {method: command, wait: 20s, command: [console.exe, exit, "0"]}
  hooks:
    pre_start: {command: [console.exe, out, "pre-start ran"], timeout: 10s}
    post_stop: {command: ['C:\Windows\System32\whoami.exe']}`)
	src = strings.Replace(src, "  stop:\n    grace: 5s\n", "", 1)
	p, err := Parse("svcpack.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := svcwrapReads(t, p)
	if !slices.Equal(c.ExitCodes.Failure, []uint32{3, 4294967295}) || !slices.Equal(c.ExitCodes.Success, []uint32{10}) || !slices.Equal(c.ExitCodes.Restart, []uint32{75}) {
		t.Errorf("exit codes %+v", c.ExitCodes)
	}
	if len(c.Stop.Steps) != 2 || c.Stop.Steps[1].Method != wrap.StopCommand || !slices.Equal(c.Stop.Steps[1].Command.Args, []string{"exit", "0"}) {
		t.Errorf("stop steps %+v", c.Stop.Steps)
	}
	if c.Hooks.PreStart == nil || c.Hooks.PreStart.Timeout.String() != "10s" || c.Hooks.PostStop == nil || c.Hooks.PostStop.Command.Program != `C:\Windows\System32\whoami.exe` {
		t.Errorf("hooks %+v %+v", c.Hooks.PreStart, c.Hooks.PostStop)
	}
	for _, bad := range []struct{ old, new, path, want string }{
		{policy, policy + "\n  exit_codes: {failure: [0]}", "wrap.exit_codes.failure[0]", "service-specific exit code 0"},
		{policy, policy + "\n  exit_codes: {success: ['-1']}", "wrap.exit_codes.success[0]", "0 to 4294967295"},
		{"    grace: 5s", "    steps: [{method: sigkill}]", "wrap.stop.steps[0].method", "one of ctrl_break"},
		{"    grace: 5s", "    grace: 5s\n    steps: [{method: ctrl_c}]", "wrap.stop.grace", "no stop.grace beside stop.steps"},
		{"    grace: 5s", "    steps: [{method: command, command: [stop.cmd]}]", "wrap.stop.steps[0].command[0]", "an .exe or .com program"},
		{policy, policy + "\n  hooks: {pre_start: {command: ['\\\\\\\\server\\\\share\\\\x.exe']}}", "wrap.hooks.pre_start.command[0]", "UNC"},
		{policy, policy + "\n  hooks: {pre_stop: {command: [x.exe], timeout: 5h}}", "wrap.hooks.pre_stop.timeout", "1s to 1h"},
		{policy, policy + "\n  hooks: {post_start: {command: [x.exe], shell: true}}", "wrap.hooks.post_start.shell", ""},
		{policy, policy + "\n  hooks: {post_start: {command: [other.exe]}}", "wrap.hooks.post_start.command[0]", "the base name of one of wrap.files (console.exe)"},
		{"    grace: 5s", "    steps: [{method: command, command: [bin/console.exe]}]", "wrap.stop.steps[0].command[0]", "the base name of one of wrap.files"},
	} {
		if ok, err := wrapProblem(t, bad.old, bad.new, bad.path, bad.want); !ok {
			t.Errorf("%s: want a problem at %s saying %q, got:\n%v", bad.new, bad.path, bad.want, err)
		}
	}
}
