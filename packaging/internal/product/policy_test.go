package product

import (
	"fmt"
	"strings"
	"testing"
)

func TestPolicyHellosvc(t *testing.T) {
	p, err := Parse("svcpack.yaml", []byte(base(t)))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Policy) != 1 {
		t.Fatalf("policy %+v, want listen only", p.Policy)
	}
	pol := p.Policy[0]
	if pol.Setting != "listen" || pol.Type != PolicyText || pol.Apply != ApplyRestart || pol.MaxLength != 261 {
		t.Errorf("listen policy %+v", pol)
	}
	if p.PolicyKey() != `Software\Policies\svcpack\hellosvc` {
		t.Errorf("policy key %q", p.PolicyKey())
	}
}

const enumPolicy = `  - setting: demo_delay_endpoint
    type: enum
    display_name: Delay endpoint
    explain: "Serve GET /delay."
    apply: live
    values:
      - {value: "true", display_name: On}
      - {value: "false", display_name: Off}
`

func TestPolicyDefaultsAndTypes(t *testing.T) {
	src := strings.Replace(base(t), "    max_length: 261\n", "", 1) + enumPolicy
	p, err := Parse("svcpack.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.Policy[0].MaxLength != MaxPolicyText {
		t.Errorf("text max_length default %d, want %d", p.Policy[0].MaxLength, MaxPolicyText)
	}
	if e := p.Policy[1]; e.Type != PolicyEnum || len(e.Values) != 2 || e.Values[1].Value != "false" || e.Values[1].DisplayName != "Off" || e.MaxLength != 0 {
		t.Errorf("enum policy %+v", e)
	}
}

func TestPolicyInvalid(t *testing.T) {
	withEnum := base(t) + enumPolicy
	for _, c := range []struct {
		src, old, new, path string
		want                []string
	}{
		{"", "  - setting: listen\n    type: text", "  - setting: port\n    type: text", "policy[0].setting", []string{`"port"`, "one of service.settings (listen, demo_delay_endpoint)"}},
		{"", "    type: text\n", "    type: string\n", "policy[0].type", []string{`"string"`, "text, enum or decimal"}},
		{"", "apply: restart", "apply: later", "policy[0].apply", []string{`"later"`, "live (the program applies a change at once) or restart"}},
		{"", "max_length: 261", "max_length: 2000", "policy[0].max_length", []string{`"2000"`, "from 1 to 1023"}},
		{"", "display_name: Listen address", "display_name: '<b>'", "policy[0].display_name", []string{`"<b>"`}},
		{"", "    apply: restart\n", "    apply: restart\n    min: 1\n    max: 5\n", "policy[0].max", []string{"only a decimal policy"}},
		{"", "company: svcpack ", "company: Microsoft ", "company", []string{`Software\Policies\Microsoft`}},
		{withEnum, "- setting: demo_delay_endpoint", "- setting: listen", "policy[1].setting", []string{"each setting in one policy only"}},
		{withEnum, `{value: "false", display_name: Off}`, `{value: "true", display_name: Off}`, "policy[1].values[1].value", []string{"each value once"}},
		{withEnum, `{value: "false", display_name: Off}`, `{value: "True", display_name: Off}`, "policy[1].values[1].value", []string{`"True" is not valid`, `each value once, without case: "true" is a choice already`}},
		{withEnum, `{value: "false", display_name: Off}`, `{value: "true ", display_name: Off}`, "policy[1].values[1].value", []string{`"true " is not valid`, "does not end in a space"}},
		{withEnum, `{value: "false", display_name: Off}`, `{value: "false ", display_name: Off}`, "policy[1].values[1].value", []string{`"false " is not valid`, "does not end in a space"}},
		{withEnum, `{value: "false", display_name: Off}`, `{value: " false", display_name: Off}`, "policy[1].values[1].value", []string{`" false" is not valid`}},
		{withEnum, `{value: "false", display_name: Off}`, `{value: "<x>", display_name: Off}`, "policy[1].values[1].value", []string{`"<x>"`}},
		{withEnum, "      - {value: \"false\", display_name: Off}\n", "", "policy[1].values", []string{"at least two choices"}},
		{withEnum, "    max_length: 261\n", "    max_length: 261\n  - setting: demo_delay_endpoint\n    type: decimal\n    display_name: D\n    explain: E\n    apply: live\n    max: 4294967296\n", "policy[1].max", []string{"a REG_DWORD"}},
	} {
		t.Run(c.path+"="+c.new, func(t *testing.T) {
			src := c.src
			if src == "" {
				src = base(t)
			}
			src = edit(t, src, c.old, c.new)
			_, err := Parse("svcpack.yaml", []byte(src))
			if err == nil {
				t.Fatalf("%q loaded without error", c.new)
			}
			prefix := fmt.Sprintf(": %s: ", c.path)
			if !strings.Contains(err.Error(), prefix) {
				t.Errorf("error does not name %q:\n%v", c.path, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

// An enum's choices must be values the property for the same setting takes:
// the MSI could never install the others.
func TestPolicyEnumAgainstPropertyPattern(t *testing.T) {
	src := edit(t, base(t), "    max_length: 261\n", "    max_length: 261\n  - setting: listen\n")
	src = strings.Replace(src, "  - setting: listen\n    type: text\n    display_name: Listen address\n", "  - setting: listen\n    type: enum\n    display_name: Listen address\n", 1)
	src = strings.Replace(src, "    max_length: 261\n  - setting: listen\n", "    values:\n      - {value: \"127.0.0.1:8080\", display_name: Local}\n      - {value: \"8080\", display_name: Port only}\n", 1)
	_, err := Parse("svcpack.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), `policy[0].values[1].value: "8080" is refused by LISTEN's pattern`) {
		t.Errorf("an enum choice LISTEN refuses: %v", err)
	}
}

// TestPolicyADMXIDsCollide: the template's string ids derive from the
// settings (setting, setting_Explain, setting_<i> per enum choice) and share
// one table; settings whose ids collide, without case, are refused at load,
// not when `svcpack admx` runs.
func TestPolicyADMXIDsCollide(t *testing.T) {
	const modeEnum = `  - setting: mode
    type: enum
    display_name: Mode
    explain: The mode.
    apply: live
    values:
      - {value: fast, display_name: Fast}
      - {value: slow, display_name: Slow}
`
	policy := func(setting string) string {
		return "  - setting: " + setting + "\n    type: text\n    display_name: T\n    explain: E\n    apply: live\n"
	}
	for _, c := range []struct {
		setting, policies, path, want string
	}{
		{"mode_0", modeEnum + policy("mode_0"), "policy[2].setting", `ADMX string mode_0 is the template's only: policy[1] (mode) already has it`},
		{"mode_1", policy("mode_1") + modeEnum, "policy[2].setting", `ADMX string mode_1 is the template's only: policy[1] (mode_1) already has it`},
		{"mode_explain", modeEnum + policy("mode_explain"), "policy[2].setting", `ADMX string mode_explain is the template's only: policy[1] (mode) already has it`},
		{"product", policy("product"), "policy[1].setting", "ADMX string product is the template's only: the template's category already has it"},
		{"supported_product", policy("supported_product"), "policy[1].setting", "the template's supportedOn already has it"},
	} {
		t.Run(c.setting, func(t *testing.T) {
			src := edit(t, base(t), "settings: [listen, demo_delay_endpoint]", "settings: [listen, demo_delay_endpoint, mode, "+c.setting+"]")
			_, err := Parse("svcpack.yaml", []byte(src+c.policies))
			if err == nil {
				t.Fatalf("policies colliding in the ADMX loaded:\n%s", c.policies)
			}
			for _, w := range []string{": " + c.path + ": ", c.want} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
	src := edit(t, base(t), "settings: [listen, demo_delay_endpoint]", "settings: [listen, demo_delay_endpoint, mode, mode_x]")
	if _, err := Parse("svcpack.yaml", []byte(src+modeEnum+policy("mode_x"))); err != nil {
		t.Errorf("mode and mode_x collide nowhere: %v", err)
	}
}
