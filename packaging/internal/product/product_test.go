package product

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/service/manage"
)

// base is the repository's own product file: every case below is a one-line
// edit of a file known to be valid.
func base(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../../" + FileName)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLoadHellosvc(t *testing.T) {
	p, err := Load("../../../" + FileName)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "hellosvc" || p.Company != "svcpack" || p.UpgradeCode != "D9A7E615-4190-4B0A-A6A0-AA6E18070509" {
		t.Errorf("name %q company %q upgrade code %q", p.Name, p.Company, p.UpgradeCode)
	}
	if p.InstallerKey() != `SOFTWARE\svcpack\hellosvc` || p.ExeName() != "hellosvc.exe" || p.MSIName("1.2.3", "amd64") != "hellosvc_1.2.3_amd64.msi" {
		t.Errorf("installer key %q exe %q msi %q", p.InstallerKey(), p.ExeName(), p.MSIName("1.2.3", "amd64"))
	}
	if got := strings.Join(p.Architectures, " "); got != "amd64 386 arm64" {
		t.Errorf("architectures %q (386 unquoted must stay the string 386)", got)
	}
	if got := strings.Join(p.PropertyNames(), " "); got != "LISTEN STARTTYPE INSTALLFOLDER REMOVEDATA" {
		t.Errorf("properties %q", got)
	}
	if p.Service.Account != `NT SERVICE\hellosvc` || p.Service.Start != "auto" {
		t.Errorf("service %+v", p.Service)
	}
	if r := p.Service.Recovery; !slices.Equal(r.RestartDelays, []time.Duration{5 * time.Second, 30 * time.Second, time.Minute}) || r.ResetPeriod != 24*time.Hour {
		t.Errorf("recovery %+v", r)
	}
	if p.Signing.Description != "hellosvc" || p.Signing.URL != "https://github.com/svcpack/svcpack" {
		t.Errorf("signing %+v", p.Signing)
	}
	if p.CrashDumps.Count != 3 || p.CrashDumps.Type != DumpFull || p.CrashDumps.DumpTypeValue() != 2 {
		t.Errorf("crash dumps %+v", p.CrashDumps)
	}
	if p.LocalDumpsKey() != `SOFTWARE\Microsoft\Windows\Windows Error Reporting\LocalDumps\hellosvc.exe` || p.DumpFolder() != `%ProgramData%\hellosvc\dumps` {
		t.Errorf("LocalDumps key %q folder %q", p.LocalDumpsKey(), p.DumpFolder())
	}
	if p.Smoke.Health != "/healthz" || p.Smoke.Request.Path != "/version" || p.Smoke.Request.Status != 200 {
		t.Errorf("smoke %+v", p.Smoke)
	}
	listen := p.Properties[0]
	if listen.Setting != "listen" || !listen.Remembered || listen.AppliesTo != Install {
		t.Errorf("LISTEN %+v", listen)
	}
	if rd := p.Properties[3]; rd.Remembered || rd.AppliesTo != Uninstall {
		t.Errorf("REMOVEDATA %+v", rd)
	}
}

// TestDefaults: what a minimal file leaves out comes from the name.
func TestDefaults(t *testing.T) {
	src := base(t)
	for _, drop := range []string{"icon:", "architectures:", "  account:", "  start:", "    restart_delays:", "    reset_period:", "  recovery:", "signing:", "  description: hellosvc", "  url:", "    method:", "    status:", "crash_dumps:", "  count: 3", "  type: full"} {
		src = dropLine(t, src, drop)
	}
	p, err := Parse("svcpack.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	// No wxs: svcpack renders its template (issue 19): the default is no path at all.
	if p.WXS != "" || p.WXSPath("root") != "" || p.Icon != "wix/hellosvc.ico" || len(p.Architectures) != 3 {
		t.Errorf("wxs %q icon %q architectures %v", p.WXS, p.Icon, p.Architectures)
	}
	if p.Service.Account != `NT SERVICE\hellosvc` || p.Service.Start != "auto" || len(p.Service.Recovery.RestartDelays) != 3 || p.Service.Recovery.ResetPeriod != 24*time.Hour {
		t.Errorf("service %+v", p.Service)
	}
	if p.Signing.Description != "svcpack hello service" || p.Signing.URL != "" || p.Smoke.Request.Method != "GET" || p.Smoke.Request.Status != 200 {
		t.Errorf("signing %+v smoke %+v", p.Signing, p.Smoke)
	}
	if p.CrashDumps.Count != DefaultDumpCount || p.CrashDumps.Type != DumpFull {
		t.Errorf("crash dumps %+v, want the defaults", p.CrashDumps)
	}
	// An empty list is a choice, not a missing value: no restarts.
	p, err = Parse("svcpack.yaml", []byte(strings.Replace(base(t), "[5s, 30s, 60s]", "[]", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Service.Recovery.RestartDelays) != 0 {
		t.Errorf("restart_delays: [] gave %v, want none", p.Service.Recovery.RestartDelays)
	}
}

func dropLine(t *testing.T, src, prefix string) string {
	t.Helper()
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return strings.Join(slices.Delete(lines, i, i+1), "\n")
		}
	}
	t.Fatalf("no line starts with %q", prefix)
	return ""
}

// TestGoodValues: each field accepts the forms its doc names.
func TestGoodValues(t *testing.T) {
	for _, c := range []struct{ old, new string }{
		{"name: hellosvc ", "name: My_Svc-2 "}, // and its account, below
		{"company: svcpack ", "company: Contoso.Ltd "},
		{"display_name: svcpack hello service", "display_name: Contoso Dienst (beta) 2.0, ok!"},
		{"main: ./cmd/hellosvc", "main: ./cmd/svc.v2/x_y"},
		{"icon: wix/hellosvc.ico ", "wxs: packaging/wix/my-svc.wxs\nicon: wix/hellosvc.ico "}, // a team's own source (opt-in)
		{"architectures: [amd64, 386, arm64]", "architectures: [arm64]"},
		{`account: NT SERVICE\hellosvc `, `account: NT AUTHORITY\LocalService `},
		{`account: NT SERVICE\hellosvc `, `account: NT AUTHORITY\NetworkService `},
		{`account: NT SERVICE\hellosvc `, `account: CONTOSO\svc-gmsa$ `},
		{"start: auto ", "start: delayed-auto "},
		{"[5s, 30s, 60s]", "[1500ms, 2m]"},
		{"reset_period: 24h", "reset_period: 1h30m"},
		{"url: https://github.com/svcpack/svcpack", "url: https://example.com:8443/a_b/c~d%20e"},
		{"health: /healthz", "health: /ready?full=1&x=y"},
		{"address: 127.0.0.1:8080 ", "address: '[::1]:65535' "},
		{"method: GET\n    path: /version\n    status: 200\n    body_contains: '\"version\":'", "method: HEAD\n    path: /version\n    status: 200"},
		{"status: 200", "status: 204"},
		{"  count: 3 ", "  count: 100 "},
		{"  type: full ", "  type: mini "},
		{"remembered: false", "remembered: FALSE"},
		{"pattern: '0|1'", "pattern: '^(0|1)$'"}, // anchors written out are harmless
	} {
		src := edit(t, base(t), c.old, c.new)
		if strings.Contains(c.new, "My_Svc-2") {
			src = edit(t, src, `NT SERVICE\hellosvc `, `NT SERVICE\My_Svc-2 `)
		}
		if _, err := Parse("svcpack.yaml", []byte(src)); err != nil {
			t.Errorf("%s: %v", c.new, err)
		}
	}
}

// TestBadValues: each wrong value is an error naming the file, the line of
// its key, the key's path, the value and the expected form.
func TestBadValues(t *testing.T) {
	for _, c := range []struct {
		old, new string
		path     string   // the key's path in the message
		want     []string // more parts of the message
	}{
		{"name: hellosvc ", "name: hello svc ", "name", []string{`"hello svc" is not valid`, "expected a service name"}},
		{"name: hellosvc ", "name: ../x ", "name", []string{`"../x"`}},
		{"name: hellosvc ", "name: 1svc ", "name", []string{`"1svc"`}},
		{"name: hellosvc ", "name: CON ", "name", []string{`"CON"`, "not a Windows device name"}},
		{"name: hellosvc ", "name: lpt9 ", "name", []string{`"lpt9"`, "not a Windows device name"}},
		{"name: hellosvc ", "name: lsass ", "name", []string{`"lsass"`, "not one of the programs or services Windows runs", "LocalDumps"}},
		{"name: hellosvc ", "name: SvcHost ", "name", []string{`"SvcHost"`, "not one of the programs or services Windows runs"}},
		{"name: hellosvc ", "name: WinDefend ", "name", []string{`"WinDefend"`, "Windows runs"}},
		{"name: hellosvc ", "name: msiserver ", "name", []string{`"msiserver"`, "Windows runs"}},
		{"company: svcpack ", "company: NUL ", "company", []string{`"NUL"`, "not a Windows device name"}},
		{"company: svcpack ", "company: aux.Corp ", "company", []string{`"aux.Corp"`, "not a Windows device name"}},
		{"display_name: svcpack hello service", "display_name: '[INSTALLFOLDER]'", "display_name", []string{`"[INSTALLFOLDER]"`, "no [ ] { } $"}},
		{"display_name: svcpack hello service", "display_name: a $(var.X)", "display_name", []string{"$(var.X)"}},
		{"display_name: svcpack hello service", `display_name: "a\tb"`, "display_name", []string{`"a\tb"`}},
		{"display_name: svcpack hello service", "display_name: Café service", "display_name", []string{`"Café service"`, "ASCII text: wixl", "'é'"}},
		{`description: "Sample svcpack service: answers /healthz and /version over HTTP."`, "description: Dienst für Zähler", "description", []string{"ASCII text", "'ü'"}},
		{`description: "Sample svcpack service: answers /healthz and /version over HTTP."`, `description: a <b> & "c"`, "description", []string{"<b>"}},
		{"company: svcpack ", "company: My Company ", "company", []string{`"My Company"`, "no spaces"}},
		{"company: svcpack ", `company: 'a\b' `, "company", []string{`"a\\b"`}},
		{"company: svcpack ", "company: Contoso. ", "company", []string{"does not end in a dot"}},
		{"upgrade_code: D9A7E615-4190-4B0A-A6A0-AA6E18070509", "upgrade_code: d9a7e615-4190-4b0a-a6a0-aa6e18070509", "upgrade_code", []string{"upper case (D9A7E615-4190-4B0A-A6A0-AA6E18070509)"}},
		{"upgrade_code: D9A7E615-4190-4B0A-A6A0-AA6E18070509", "upgrade_code: '{D9A7E615-4190-4B0A-A6A0-AA6E18070509}'", "upgrade_code", []string{"without braces"}},
		{"upgrade_code: D9A7E615-4190-4B0A-A6A0-AA6E18070509", "upgrade_code: 00000000-0000-0000-0000-000000000000", "upgrade_code", []string{"not the nil GUID"}},
		{"main: ./cmd/hellosvc", "main: cmd/hellosvc", "main", []string{"relative to the module root"}},
		{"main: ./cmd/hellosvc", "main: ./cmd/../../etc", "main", []string{`"./cmd/../../etc"`}},
		{"icon: wix/hellosvc.ico ", "wxs: /etc/x.wxs\nicon: wix/hellosvc.ico ", "wxs", []string{`"/etc/x.wxs"`}},
		{"icon: wix/hellosvc.ico ", "wxs: ../x.wxs\nicon: wix/hellosvc.ico ", "wxs", []string{`"../x.wxs"`}},
		{"icon: wix/hellosvc.ico ", "wxs: wix/hellosvc.xml\nicon: wix/hellosvc.ico ", "wxs", []string{"ending in .wxs"}},
		{"icon: wix/hellosvc.ico ", `icon: 'wix\x.ico' `, "icon", []string{"with / between names"}},
		{"architectures: [amd64, 386, arm64]", "architectures: [amd64, x64]", "architectures[1]", []string{`"x64"`, "one of amd64, 386, arm64"}},
		{"architectures: [amd64, 386, arm64]", "architectures: [amd64, amd64]", "architectures[1]", []string{"each architecture once"}},
		{"architectures: [amd64, 386, arm64]", "architectures: amd64", "architectures", []string{"is a single value: expected a list"}},
		{`account: NT SERVICE\hellosvc `, `account: LocalSystem `, "service.account", []string{`"LocalSystem"`, "never LocalSystem"}},
		{`account: NT SERVICE\hellosvc `, `account: NT SERVICE\other `, "service.account", []string{`"NT SERVICE\\other"`}},
		{"start: auto ", "start: disabled ", "service.start", []string{`"disabled"`, "auto, delayed-auto or manual"}},
		{"[5s, 30s, 60s]", "[5s, soon]", "service.recovery.restart_delays[1]", []string{`"soon"`, "positive duration"}},
		{"[5s, 30s, 60s]", "[-5s]", "service.recovery.restart_delays[0]", []string{`"-5s"`}},
		{"[5s, 30s, 60s]", "[1500us]", "service.recovery.restart_delays[0]", []string{"whole milliseconds"}},
		{"[5s, 30s, 60s]", "[1200h]", "service.recovery.restart_delays[0]", []string{`"1200h0m0s"`, "at most 1193h2m47.294s"}},
		{"[5s, 30s, 60s]", "[1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s]", "service.recovery.restart_delays", []string{`"17 delays"`, "at most 16"}},
		{"reset_period: 24h", "reset_period: 1500ms", "service.recovery.reset_period", []string{"whole seconds"}},
		{"reset_period: 24h", "reset_period: 2000000h", "service.recovery.reset_period", []string{"the SCM's limit"}},
		{"  count: 3 ", "  count: 0 ", "crash_dumps.count", []string{`"0"`, "1 to 100"}},
		{"  count: 3 ", "  count: 101 ", "crash_dumps.count", []string{`"101"`, "1 to 100"}},
		{"  count: 3 ", "  count: many ", "crash_dumps.count", []string{`"many"`, "decimal integer"}},
		{"  type: full ", "  type: custom ", "crash_dumps.type", []string{`"custom"`, "full", "mini"}},
		{"settings: [listen, demo_delay_endpoint]", "settings: [listen, Listen]", "service.settings[1]", []string{`"Listen"`}},
		{"- name: LISTEN", "- name: listen", "properties[0].name", []string{`"listen"`, "upper-case"}},
		{"- name: STARTTYPE", "- name: LISTEN  # twice", "properties[1].name", []string{"each property once"}},
		{"- name: LISTEN", "- name: REBOOT", "properties[0].name", []string{`"REBOOT"`, "Windows Installer's"}},
		{"- name: LISTEN", "- name: TARGETDIR", "properties[0].name", []string{`"TARGETDIR"`, "Windows Installer's"}},
		{"- name: LISTEN", "- name: EXISTING_SERVICE", "properties[0].name", []string{"svcpack's template"}},
		{"- name: LISTEN", "- name: REMEMBERED_LISTEN", "properties[0].name", []string{"does not start with REMEMBERED_"}},
		{"setting: listen", "setting: port", "properties[0].setting", []string{`"port"`, "one of service.settings (listen, demo_delay_endpoint)"}},
		{"    setting: listen\n", "", "properties[0].setting", []string{"is missing"}},
		{"applies_to: uninstall", "applies_to: always", "properties[3].applies_to", []string{`"always"`, "install or uninstall"}},
		{"applies_to: uninstall", "applies_to: install", "properties[3]", []string{"REMOVEDATA must have applies_to: uninstall"}},
		{"remembered: false", "remembered: yes", "properties[3].remembered", []string{`"yes" is not a boolean`, "true or false"}},
		{"remembered: false", "remembered: [true]", "properties[3].remembered", []string{"is a list: expected true or false"}},
		{"pattern: 'auto|delayed-auto|manual'", "pattern: 'auto|(manual'", "properties[1].pattern", []string{`"auto|(manual"`, "Go regular expression (RE2)", "missing closing )"}},
		{"pattern: 'auto|delayed-auto|manual'", `pattern: '(?=x)'`, "properties[1].pattern", []string{"RE2"}},
		{"good: [auto, delayed-auto, manual]", "good: [auto, disabled]", "properties[1].examples.good[1]", []string{`"disabled" is refused by the pattern "auto|delayed-auto|manual"`}},
		{"bad: [disabled, AUTO, \"auto manual\"]", "bad: [disabled, manual]", "properties[1].examples.bad[1]", []string{`"manual" is accepted by the pattern`}},
		{"bad: [disabled, AUTO, \"auto manual\"]", "bad: []", "properties[1].examples.bad", []string{"is missing", "at least one value the pattern refuses"}},
		// anchoring: "autox" contains a match of auto, but the whole value is refused
		{"good: [auto, delayed-auto, manual]", "good: [autox]", "properties[1].examples.good[0]", []string{`"autox" is refused`}},
		{"url: https://github.com/svcpack/svcpack", "url: http://example.com", "signing.url", []string{`"http://example.com"`, "an https URL"}},
		{"url: https://github.com/svcpack/svcpack", `url: "https://example.com/\"x"`, "signing.url", []string{"https URL"}},
		{"description: hellosvc ", "description: '{x}' ", "signing.description", []string{`"{x}"`}},
		{"health: /healthz", "health: healthz", "smoke.health", []string{`"healthz"`, "such as /healthz"}},
		{"address: 127.0.0.1:8080 ", "address: 127.0.0.1:0 ", "smoke.address", []string{`"127.0.0.1:0"`, "HOST:PORT"}},
		{"method: GET", "method: DELETE", "smoke.request.method", []string{`"DELETE"`, "GET or HEAD"}},
		// A HEAD answer has no body: with body_contains, the smoke request could never pass.
		{"method: GET", "method: HEAD", "smoke.request.method", []string{`"HEAD"`, "GET when body_contains is given", "no body"}},
		{"status: 200", "status: 99", "smoke.request.status", []string{`"99"`, "from 100 to 599"}},
		{"status: 200", "status: ok", "smoke.request.status", []string{`"ok" is not a decimal integer`}},
		{"status: 200", "status: 2.0e2", "smoke.request.status", []string{`"2.0e2" is not a decimal integer`}},
	} {
		t.Run(c.path+"="+c.new, func(t *testing.T) {
			src := edit(t, base(t), c.old, c.new)
			_, err := Parse("svcpack.yaml", []byte(src))
			if err == nil {
				t.Fatalf("%q loaded without error", c.new)
			}
			if !IsInvalid(err) {
				t.Errorf("error %T is not *Errors", err)
			}
			// where the message is about a key's parent, the parent's line
			line := map[string]int{"": 29, "applies_to: install": 51}[c.new]
			if line == 0 {
				line = lineOf(t, src, c.new)
			}
			prefix := fmt.Sprintf("svcpack.yaml:%d: %s: ", line, c.path)
			if !strings.Contains(err.Error(), prefix) {
				t.Errorf("error does not start a line with %q:\n%v", prefix, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

// lineOf is the line the edit is on.
func lineOf(t *testing.T, src, new string) int {
	t.Helper()
	key, _, _ := strings.Cut(new, "\n")
	i := strings.Index(src, key)
	if i < 0 {
		t.Fatalf("%q not in the edited source", key)
	}
	return strings.Count(src[:i], "\n") + 1
}

func edit(t *testing.T, src, old, new string) string {
	t.Helper()
	if !strings.Contains(src, old) {
		t.Fatalf("%q is not in svcpack.yaml", old)
	}
	return strings.Replace(src, old, new, 1)
}

func TestUnknownAndMissingKeys(t *testing.T) {
	src := base(t)
	for _, c := range []struct {
		src  string
		want []string
	}{
		{edit(t, src, "name: hellosvc ", "nmae: hellosvc "),
			[]string{`svcpack.yaml:6: nmae: unknown key "nmae": expected one of architectures, channels, company,`, "svcpack.yaml:6: name: is missing"}},
		{edit(t, src, "  account:", "  acount:"),
			[]string{`svcpack.yaml:17: service.acount: unknown key "acount": expected one of account, dependencies, recovery, settings, start`}},
		{edit(t, src, "    remembered: false", "    remembered: false\n    secure: true"),
			[]string{`svcpack.yaml:55: properties[3].secure: unknown key "secure"`}},
		// A property's default would be applied as if given (over config.json):
		// refused with why, not accepted and ignored (STARTTYPE manual installed auto).
		{edit(t, src, "    pattern: 'auto|delayed-auto|manual'", "    pattern: 'auto|delayed-auto|manual'\n    default: manual"),
			[]string{`svcpack.yaml:40: properties[1].default: is not a key of a property`, "STARTTYPE's default is service.start"}},
		{edit(t, src, "    status: 200", "    status: 200\n    status: 201"),
			[]string{"svcpack.yaml:71: smoke.request.status: is given twice"}},
		{edit(t, src, "upgrade_code: D9A7E615-4190-4B0A-A6A0-AA6E18070509   # upper case; never changes after the first release\n", ""),
			[]string{"svcpack.yaml:6: upgrade_code: is missing: expected a GUID"}},
		{edit(t, src, "  - name: REMOVEDATA", "  - name: PURGE"),
			[]string{"properties: is missing: expected REMOVEDATA too", "properties[3]: REMOVEDATA must"}[:1]},
		{"name: &n hellosvc\ncompany: *n\n", []string{"svcpack.yaml:1: name: uses a YAML anchor or alias"}},
		{"name: x\n<<: {company: y}\n", []string{"svcpack.yaml:2: has a key that is not a plain name"}},
		{"name: &n x\n", []string{"svcpack.yaml:1: name: uses a YAML anchor or alias"}},
		{"&k name: x\n", []string{"svcpack.yaml:1: has a key with a YAML anchor"}},
		{"name: !!binary aGVsbG9zdmM=\n", []string{`svcpack.yaml:1: name: has the YAML tag "!!binary": expected a plain value`}},
		{"name: !foo hellosvc\n", []string{`svcpack.yaml:1: name: has the YAML tag "!foo"`}},
		{"name: !<tag:example.com,2000:x> hellosvc\n", []string{`name: has the YAML tag "tag:example.com,2000:x"`}},
		{"service:\n  start: !!timestamp 2001-01-01\n", []string{`svcpack.yaml:2: service.start: has the YAML tag "!!timestamp"`}},
		{"!foo name: x\n", []string{`svcpack.yaml:1: has a key with the YAML tag "!foo"`}},
		{"--- !foo\nname: x\n", []string{`has the YAML tag "!foo"`}},
		{"architectures: !!set {amd64: null}\n", []string{`architectures: has the YAML tag "!!set"`}},
		{"name: a\n---\n", []string{"holds more than one YAML document"}},
		{"name: a\n...\n---\nname: b\n", []string{"holds more than one YAML document"}},
		{"- a\n- b\n", []string{"svcpack.yaml:1: is a list: expected a mapping"}},
		{"", []string{"svcpack.yaml: is empty"}},
		{"name: a\n---\nname: b\n", []string{"holds more than one YAML document"}},
		{"name: [unclosed\n", []string{"svcpack.yaml: is not valid YAML: yaml: line"}},
		{"service: auto\n", []string{"svcpack.yaml:1: service: is a single value: expected a mapping"}},
	} {
		_, err := Parse("svcpack.yaml", []byte(c.src))
		if err == nil {
			t.Errorf("%.60q loaded without error", c.src)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%.60q: error lacks %q:\n%v", c.src, w, err)
			}
		}
	}
}

// TestHugeValuesAreCut: a megabyte-long value is echoed cut, with its length.
func TestHugeValuesAreCut(t *testing.T) {
	huge := strings.Repeat("x", 600_000)
	for _, c := range []struct{ old, new string }{
		{"name: hellosvc ", "name: " + huge + " "},
		{"pattern: 'auto|delayed-auto|manual'", "pattern: '" + huge + "'"},
		{"good: [auto, delayed-auto, manual]", "good: [" + huge + "]"},
		{"nmae", strings.Repeat("k", 1000) + ": 1\n"},
	} {
		src := base(t)
		if c.old == "nmae" {
			src += c.new
		} else {
			src = edit(t, src, c.old, c.new)
		}
		_, err := Parse("svcpack.yaml", []byte(src))
		if err == nil {
			t.Fatal("a huge value loaded without error")
		}
		if len(err.Error()) > 4096 || !strings.Contains(err.Error(), "… (600000 bytes)") && !strings.Contains(err.Error(), "… (1000 bytes)") {
			t.Errorf("error of %d bytes, want it cut with the length stated: %.300s", len(err.Error()), err)
		}
	}
	_, err := Parse("svcpack.yaml", []byte(base(t)+"#"+strings.Repeat("x", MaxSize)))
	if err == nil || !strings.Contains(err.Error(), "is larger than") {
		t.Errorf("a file over MaxSize: %v", err)
	}
}

// TestFileTextIsShownEscapedAndCut: keys, names and whatever else of the
// file an error echoes (a path built from keys, a list of settings in another
// key's message, the YAML parser's message) is shown escaped and cut: a
// terminal's escape sequence never reaches the terminal raw, nor a 900 KB line.
func TestFileTextIsShownEscapedAndCut(t *testing.T) {
	for _, line := range []string{
		`"\e]0;owned\a\e[2J": 1`,                      // YAML escapes: ESC, BEL
		`"a\u202eb": 1`,                               // right-to-left override
		"? " + strings.Repeat("k", 900_000) + "\n: 1", // an explicit key has no 1024-character limit
		"name: *" + strings.Repeat("k", 900_000),      // the YAML parser's message quotes the alias
		`settings: [listen, demo_delay_endpoint, "\e[2J"]`,
	} {
		src := base(t) + line + "\n"
		if strings.HasPrefix(line, "settings: ") { // a list of the file's names echoed in another key's message
			src = edit(t, base(t), "settings: [listen, demo_delay_endpoint]", line)
			src = edit(t, src, "    setting: listen\n    remembered: true", "    setting: port\n    remembered: true")
		}
		_, err := Parse("svcpack.yaml", []byte(src))
		if err == nil {
			t.Fatalf("%.40q loaded without error", line)
		}
		msg := err.Error()
		if len(msg) > 4096 || strings.ContainsAny(msg, "\x1b\x07\u202e") {
			t.Errorf("%.40q: the file's text shown raw or uncut (%d bytes): %.300q", line, len(msg), msg)
		}
	}
}

func TestFind(t *testing.T) {
	p, err := Find("../../../wix")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "hellosvc" || !strings.HasSuffix(p.File(), filepath.Join("wt-product", FileName)) && !strings.HasSuffix(p.File(), FileName) {
		t.Errorf("Find from wix/ loaded %s (%s)", p.File(), p.Name)
	}
	if _, err := Find(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no svcpack.yaml") {
		t.Errorf("Find in an empty tree: %v", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), FileName)); err == nil || IsInvalid(err) {
		t.Errorf("Load of a missing file: %v, want an error that is not IsInvalid", err)
	}
}

// TestRecoveryRegistryForm: the recovery as the MSI writes it for
// `service configure`, which reads exactly this form (service/manage).
func TestRecoveryRegistryForm(t *testing.T) {
	for _, tc := range []struct {
		r             Recovery
		delays, reset string
	}{
		{Recovery{RestartDelays: []time.Duration{5 * time.Second, 2500 * time.Millisecond, time.Hour}, ResetPeriod: 24 * time.Hour}, "5000 2500 3600000", "86400"},
		{Recovery{RestartDelays: []time.Duration{}, ResetPeriod: time.Duration(1<<32-1) * time.Second}, "none", "4294967295"},
	} {
		if d, r := tc.r.RegistryForm(); d != tc.delays || r != tc.reset {
			t.Errorf("%+v: %q, %q; want %q, %q", tc.r, d, r, tc.delays, tc.reset)
		}
	}
}

// TestDumpFolderIsTheRuntimes: the folder the MSI's DumpFolder names is the
// one `service configure` creates and `service status` reads.
func TestDumpFolderIsTheRuntimes(t *testing.T) {
	if DumpFolderName != manage.DumpsFolder {
		t.Fatalf("product's dump folder %q, the runtime's %q", DumpFolderName, manage.DumpsFolder)
	}
}
