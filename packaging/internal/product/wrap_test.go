package product

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/internal/wrap"
)

const wrapDemo = "../../../examples/wrapdemo/" + FileName

// wrapBase is the sample wrapped product's file reduced to its basic keys:
// the cases below edit it, adding the sections they check. Its stop steps,
// exit codes, hooks and output rotation (and smoke.exit_path, which needs
// exit codes) give way to stop.grace alone; TestWrapConfigIsSvcwraps checks
// the sample as it is.
func wrapBase(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(wrapDemo)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	skipping := false
	for _, line := range strings.SplitAfter(string(b), "\n") {
		indent := len(line) - len(strings.TrimLeft(line, " "))
		key := strings.TrimSpace(line)
		switch {
		case skipping && (indent > 2 || key == ""):
			continue
		case line == "  stop:\n":
			out = append(out, line, "    grace: 5s\n")
			skipping = true
			continue
		case line == "  exit_codes:\n" || line == "  hooks:\n" || line == "  output:\n" || strings.HasPrefix(line, "  exit_path:"):
			skipping = true
			continue
		}
		skipping = false
		out = append(out, line)
	}
	return strings.Join(out, "")
}

// TestLoadWrapDemo: a wrapped product's main is svcwrap, its settings are
// wrap.settings', and its files resolve from the product file's folder with
// {arch} replaced.
func TestLoadWrapDemo(t *testing.T) {
	p, err := Load(wrapDemo)
	if err != nil {
		t.Fatal(err)
	}
	if p.Main != WrapperMain || !slices.Equal(p.Service.Settings, []string{"listen"}) {
		t.Errorf("main %q settings %v, want svcwrap and [listen]", p.Main, p.Service.Settings)
	}
	files := p.WrapFiles("amd64")
	if len(files) != 1 || files[0].Name != "console.exe" || files[0].Source != "../../../examples/wrapdemo/console/bin/amd64/console.exe" {
		t.Errorf("files %+v", files)
	}
	if p.ConfigName() != "wrapdemo.yaml" {
		t.Errorf("config name %q", p.ConfigName())
	}
	if got := p.Smoke.ExitURLPath(4294967295); got != "/exit/4294967295" {
		t.Errorf("smoke.exit_path for 4294967295: %q, want /exit/4294967295", got)
	}
}

// TestWrapConfigIsSvcwraps: the rendered <name>.yaml is what svcwrap reads:
// the product's names, the section's keys, each setting's pattern from its
// property; and internal/wrap's parser accepts it.
func TestWrapConfigIsSvcwraps(t *testing.T) {
	p, err := Load(wrapDemo)
	if err != nil {
		t.Fatal(err)
	}
	c, b := svcwrapReads(t, p)
	if c.Name != "wrapdemo" || c.DisplayName != p.DisplayName || c.Description != p.Description {
		t.Errorf("names %q %q %q", c.Name, c.DisplayName, c.Description)
	}
	if !strings.HasSuffix(c.Program, "console.exe") || !slices.Equal(c.Args, p.Wrap.Args) {
		t.Errorf("program %q args %q", c.Program, c.Args)
	}
	// What the smoke suite checks on the installed sample (packaging/internal/smoke's
	// wrap cases): a stop command first, exit codes in each list, a pre_start
	// hook, rotation by time with compression, a dependency.
	if s := c.Stop.Steps; len(s) != 2 || s[0].Method != wrap.StopCommand || !strings.HasSuffix(s[0].Command.Program, "console.exe") || s[1].Method != wrap.StopCtrlBreak {
		t.Errorf("stop steps %+v, want the stop command, then Ctrl+Break", s)
	}
	if e := c.ExitCodes; len(e.Success) == 0 || len(e.Restart) == 0 || len(e.Failure) == 0 || p.Smoke.ExitPath == "" {
		t.Errorf("exit codes %+v with smoke.exit_path %q, want a code in each list and the path that asks for one", e, p.Smoke.ExitPath)
	}
	if c.Hooks.PreStart == nil || c.Output.Every != 24*time.Hour || !c.Output.Compress || len(p.Service.Dependencies) != 1 {
		t.Errorf("pre_start %+v, output %+v, dependencies %q", c.Hooks.PreStart, c.Output, p.Service.Dependencies)
	}
	if len(c.Settings) != 1 || c.Settings[0].Name != "listen" || c.Settings[0].Env != "WRAPDEMO_LISTEN" ||
		c.Settings[0].Pattern != p.Properties[0].Pattern || c.Settings[0].Default != "127.0.0.1:8091" {
		t.Errorf("settings %+v, want listen → WRAPDEMO_LISTEN with LISTEN's pattern", c.Settings)
	}
	if strings.Contains(string(b), "files:") {
		t.Errorf("the rendered config has wrap.files, which svcwrap does not know:\n%s", b)
	}
}

// svcwrapReads renders p's <name>.yaml and parses it as svcwrap does.
func svcwrapReads(t *testing.T, p *Product) (wrap.Config, []byte) {
	t.Helper()
	b, err := p.WrapConfig()
	if err != nil {
		t.Fatal(err)
	}
	c, err := wrap.Parse(b, `C:\Program Files\svcpack\wrapdemo`, "x")
	if err != nil {
		t.Fatalf("svcwrap refuses the rendered config: %v\n%s", err, b)
	}
	return c, b
}

// TestWrapBadValues: each problem names its key, its line and what to do,
// whether the product file's own check or svcwrap's parser finds it.
func TestWrapBadValues(t *testing.T) {
	for _, c := range []struct{ old, new, path, msg string }{
		{"program: console.exe", "program: other.exe", "wrap.program", "one of wrap.files (console.exe)"},
		{"program: console.exe", `program: bin\console.exe`, "wrap.program", "the base name"},
		{`files: ["console/bin/{arch}/console.exe"]`, `files: ["../console.exe"]`, "wrap.files[0]", "relative to"},
		{`files: ["console/bin/{arch}/console.exe"]`, `files: ["console/bin/{arch}/console.exe", "x/Console.EXE"]`, "wrap.files[1]", "Windows names have no case"},
		{`files: ["console/bin/{arch}/console.exe"]`, `files: ["bin/wrapdemo.exe"]`, "wrap.files[0]", "the wrapper's own wrapdemo.exe"},
		{`files: ["console/bin/{arch}/console.exe"]`, `files: ["bin/console-{arch}.exe"]`, "wrap.files[0]", "{arch} in a folder"},
		{`files: ["console/bin/{arch}/console.exe"]`, `files: ["console/bin/{arch}/console.exe", "x/wrapdemo.exe."]`, "wrap.files[1]", "does not end in a dot"},
		{`files: ["console/bin/{arch}/console.exe"]`, `files: ["console/bin/{arch}/console.exe", "x/CON"]`, "wrap.files[1]", "not a device name"},
		{`files: ["console/bin/{arch}/console.exe"]`, `files: ["console/bin/{arch}/console.exe", "x/com1.dll"]`, "wrap.files[1]", "not a device name"},
		{`files: ["console/bin/{arch}/console.exe"]`, `files: ["console/bin/{arch}/console.exe", "x/Wrapdemo.exe.manifest"]`, "wrap.files[1]", "how Windows loads the wrapper"},
		{`files: ["console/bin/{arch}/console.exe"]`, `files: ["console/bin/{arch}/console.exe", "x/wrapdemo.exe.local"]`, "wrap.files[1]", "how Windows loads the wrapper"},
		{"properties:\n  - name: LISTEN\n", "properties:\n  - name: LISTEN_TOO\n    description: x\n    pattern: '1'\n    setting: listen\n    examples: {good: ['1'], bad: ['2']}\n  - name: LISTEN\n", "properties[1].setting", "properties[0] (LISTEN_TOO) reaches it already"},
		{"    grace: 5s", "    grace: soon", "wrap.stop.grace", "a duration from 100ms to 1h"},
		{"    policy: on-failure", "    policy: sometimes", "wrap.restart.policy", "on-failure, always or never"},
		{"      env: WRAPDEMO_LISTEN ", "      env: WRAPDEMO-LISTEN ", "wrap.settings.listen.env", "an environment variable name"},
		{`      default: "127.0.0.1:8091"`, `      default: "localhost:8091"`, "wrap.settings.listen.default", "does not match its pattern"},
		{"    setting: listen", "    setting: address", "properties[0].setting", "one of wrap.settings"},
		{"  stop:\n", "  name: other\n  stop:\n", "wrap.name", "unknown key"},
		// svcwrap's file has settings' patterns; a product file takes each from its property.
		{"      env: WRAPDEMO_LISTEN ", "      pattern: '.*'\n      env: WRAPDEMO_LISTEN ", "wrap.settings.listen.pattern", "the setting's pattern is its property's"},
		{"  # settings: a wrapped", "  settings: [listen]\n  # settings: a wrapped", "service.settings", "no service.settings in a wrapped product"},
		{"  health: /\n", "  health: /\n  exit_path: /exit\n", "smoke.exit_path", "with {code} once"},
		{"  health: /\n", "  health: /\n  exit_path: /exit/{code}/{code}\n", "smoke.exit_path", "with {code} once"},
		{"  health: /\n", "  health: /\n  exit_path: \"/exit/{code} x\"\n", "smoke.exit_path", "a URL path"},
		{"  health: /\n", "  health: /\n  exit_path: /exit/{code}\n", "smoke.exit_path", "no smoke.exit_path without wrap.exit_codes"},
	} {
		src := edit(t, wrapBase(t), c.old, c.new)
		_, err := Parse("svcpack.yaml", []byte(src))
		var pe *Errors
		if err == nil || !errors.As(err, &pe) {
			t.Errorf("%s → %s: no problem reported (%v)", c.old, c.new, err)
			continue
		}
		found := false
		for _, p := range pe.Problems {
			if p.Path == c.path && strings.Contains(p.Msg, c.msg) && p.Line > 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("%s → %s: want a problem at %s saying %q, got:\n%v", c.old, c.new, c.path, c.msg, err)
		}
	}
}
