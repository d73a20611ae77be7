package manage

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/service/exitcode"
)

const testKey = `SOFTWARE\svcpack\hellosvc`

func ptr[T any](v T) *T { return &v }

// strictSettings knows one key, listen, and takes only host:port of a
// plain allowlist, as a real program's Validate would.
type strictSettings struct{ recordingSettings }

var hostPort = regexp.MustCompile(`^[A-Za-z0-9.-]*:[0-9]{1,5}$`)

func (s *strictSettings) Validate(kv map[string]string) error {
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(kv)) {
		switch {
		case k != "listen":
			errs = append(errs, fmt.Errorf("unknown key %q", k)) // unbounded on purpose: manage must cut it
		case !hostPort.MatchString(kv[k]):
			errs = append(errs, fmt.Errorf("listen: %q is not host:port", kv[k]))
		}
	}
	return errors.Join(errs...)
}

func installerSetup(given, remembered []regValue, start *regValue) (*fake, *fakeService, *strictSettings, Spec) {
	f := newFake()
	s := installed(f)
	s.cfg.BinaryPath = self + " service run" // as Wine's InstallServices writes it
	f.registry[testKey] = &installerKeyValues{StartType: start, Given: given, Remembered: remembered}
	rs := &strictSettings{}
	spec := testSpec
	spec.Settings = rs
	return f, s, rs, spec
}

// TestInstallerMode: the start type, given and remembered values come from
// the registry; given values are applied and then deleted, remembered ones
// only seed; the ImagePath is this program's, quoted.
func TestInstallerMode(t *testing.T) {
	f, s, rs, spec := installerSetup(
		[]regValue{sz("listen", ":9090")},
		[]regValue{sz("listen", ":8081")},
		ptr(sz("StartType", "delayed-auto")))
	var out bytes.Buffer
	if err := run(f.env(&out), spec, []string{"configure", "--installer-key", testKey}); err != nil {
		t.Fatal(err)
	}
	if s.cfg.BinaryPath != `"`+self+`" service run` || s.cfg.StartType != startAuto || !s.c2[levelDelayedAutoStart].DelayedAutoStart {
		t.Errorf("service %+v delayed %v", s.cfg, s.c2[levelDelayedAutoStart].DelayedAutoStart)
	}
	if len(rs.seeded) != 1 || rs.seeded[0]["listen"] != ":8081" || len(rs.applied) != 1 || rs.applied[0]["listen"] != ":9090" {
		t.Errorf("seeded %v, applied %v", rs.seeded, rs.applied)
	}
	if k := f.registry[testKey]; len(k.Given) != 0 || len(k.Remembered) != 1 {
		t.Errorf("Given %v (want deleted), Remembered %v (want kept)", k.Given, k.Remembered)
	}
	// Seed, then Apply, then the delete: the order of precedence.
	var order []string
	for _, c := range f.calls {
		if c.op == "DeleteGiven" || c.op == "ChangeConfig" {
			order = append(order, c.op)
		}
	}
	if !slices.Equal(order, []string{"ChangeConfig", "DeleteGiven"}) {
		t.Errorf("order %v", order)
	}
	for _, want := range []string{"start type set to delayed-auto", `settings given to the installer applied: "listen"`, "configured service"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	// A later repair that writes no Given values: nothing is applied over
	// the admin's config; a missing config is seeded from Remembered.
	rs.applied, rs.seeded = nil, nil
	out.Reset()
	if err := run(f.env(&out), spec, []string{"configure", "--installer-key", testKey}); err != nil {
		t.Fatal(err)
	}
	if len(rs.applied) != 0 || len(rs.seeded) != 1 || !strings.Contains(out.String(), "no settings given to the installer") {
		t.Errorf("repair: applied %v seeded %v\n%s", rs.applied, rs.seeded, out.String())
	}
}

// TestInstallerModeEmptyAndMissing: empty values mean not given; no
// StartType keeps the start type; a missing Given subkey is fine.
func TestInstallerModeEmptyAndMissing(t *testing.T) {
	f, s, rs, spec := installerSetup([]regValue{sz("listen", "")}, nil, nil)
	s.cfg.StartType = startDemand
	var out bytes.Buffer
	if err := run(f.env(&out), spec, []string{"configure", "--installer-key", testKey}); err != nil {
		t.Fatal(err)
	}
	if s.cfg.StartType != startDemand || len(rs.applied) != 0 || len(rs.seeded) != 1 || len(rs.seeded[0]) != 0 {
		t.Errorf("start %d, applied %v, seeded %v", s.cfg.StartType, rs.applied, rs.seeded)
	}
	if len(f.registry[testKey].Given) != 0 {
		t.Errorf("the empty Given value was not deleted: %v", f.registry[testKey].Given)
	}
	f, _, _, spec = installerSetup(nil, nil, ptr(sz("StartType", "manual")))
	if err := run(f.env(&out), spec, []string{"configure", "--installer-key", testKey}); err != nil {
		t.Fatal(err)
	}
	for _, c := range f.calls {
		if c.op == "DeleteGiven" {
			t.Error("DeleteGiven called with nothing to delete")
		}
	}
}

// TestInstallerModeRefusesHostileValues: whatever the registry holds, a
// value that is not plain REG_SZ text, a start type off the allowlist or a
// setting Validate refuses fails before anything changes, with a bounded
// message that names the key, the value and what is wrong.
func TestInstallerModeRefusesHostileValues(t *testing.T) {
	long := strings.Repeat("A", 30000)
	raw := func(name string, typ uint32, b ...byte) regValue {
		return regValue{Name: name, Type: typ, Data: b, Size: len(b)}
	}
	nul := sz("listen", ":80\x00--exe C:\\evil.exe")
	tests := []struct {
		name            string
		start           *regValue
		given, remember []regValue
		want            []string
		code            int
	}{
		{"DWORD start type", ptr(raw("StartType", regDWORD, 2, 0, 0, 0)), nil, nil,
			[]string{`HKLM\SOFTWARE\svcpack\hellosvc: value "StartType" is REG_DWORD, not REG_SZ`}, exitcode.Config},
		{"disabled", ptr(sz("StartType", "disabled")), nil, nil, []string{`value "StartType" is "disabled": want auto, delayed-auto or manual`}, exitcode.Config},
		{"start type with a tab", ptr(sz("StartType", "auto\t--exe\tC:\\evil.exe")), nil, nil, []string{`is "auto\t--exe\tC:\\evil.exe": want`}, exitcode.Config},
		{"expandable given", nil, []regValue{{Name: "listen", Type: regExpandSZ, Data: sz("", "%TEMP%").Data}}, nil,
			[]string{`HKLM\SOFTWARE\svcpack\hellosvc\Given: value "listen" is REG_EXPAND_SZ, not REG_SZ`}, exitcode.Config},
		{"binary remembered", nil, nil, []regValue{raw("listen", regBinary, 1, 2, 3)},
			[]string{`HKLM\SOFTWARE\svcpack\hellosvc\Remembered: value "listen" is REG_BINARY, not REG_SZ`}, exitcode.Config},
		{"multi-string given", nil, []regValue{{Name: "listen", Type: regMultiSZ, Data: sz("", "a").Data}}, nil, []string{"is REG_MULTI_SZ"}, exitcode.Config},
		{"NUL inside", nil, []regValue{nul}, nil, []string{`value "listen" holds a NUL character at position 3`}, exitcode.Config},
		{"odd length", nil, []regValue{raw("listen", regSZ, 'a', 0, 'b')}, nil, []string{"odd byte length (3)"}, exitcode.Config},
		{"lone surrogate", nil, []regValue{raw("listen", regSZ, 0x00, 0xd8, 'a', 0)}, nil, []string{"lone surrogate at position 0"}, exitcode.Config},
		{"too long to read", nil, []regValue{{Name: "listen", Type: regSZ, Size: 1 << 20}}, nil, []string{"is 1048576 bytes long, more than the 65536"}, exitcode.Config},
		{"unknown key", nil, []regValue{sz("exe", `C:\evil.exe`)}, nil, []string{`settings given to the installer (HKLM\SOFTWARE\svcpack\hellosvc\Given): unknown key "exe"`}, exitcode.Config},
		{"tab injection", nil, []regValue{sz("listen", ":80\t--exe\tC:\\evil.exe")}, nil, []string{`is not host:port`}, exitcode.Config},
		{"newline, quotes, backslashes", nil, []regValue{sz("listen", ":80\r\n\" \\\\\" --start disabled")}, nil, []string{`is not host:port`}, exitcode.Config},
		{"non-ASCII", nil, []regValue{sz("listen", "hôst:80")}, nil, []string{`is not host:port`}, exitcode.Config},
		{"30,000 characters", nil, []regValue{sz("listen", long)}, nil, []string{"message cut: "}, exitcode.Config},
		{"bad remembered", nil, nil, []regValue{sz("listen", "8080")}, []string{`settings the installer remembers (HKLM\SOFTWARE\svcpack\hellosvc\Remembered): listen: "8080" is not host:port`}, exitcode.Config},
		{"huge value name", nil, []regValue{sz(long, "x")}, nil, []string{"message cut: "}, exitcode.Config},
	}
	for _, tt := range tests {
		f, s, rs, spec := installerSetup(tt.given, tt.remember, tt.start)
		before := s.cfg
		err := run(f.env(&bytes.Buffer{}), spec, []string{"configure", "--installer-key", testKey})
		if exitcode.Of(err) != tt.code {
			t.Errorf("%s: %v (exit %d), want %d", tt.name, err, exitcode.Of(err), tt.code)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", tt.name, clipForTest(err.Error()), w)
			}
		}
		if n := len(err.Error()); n > 5000 {
			t.Errorf("%s: message is %d bytes", tt.name, n)
		}
		if m := f.mutated(); len(m) > 0 || s.cfg.BinaryPath != before.BinaryPath || s.cfg.StartType != before.StartType ||
			len(rs.applied)+len(rs.seeded) > 0 {
			t.Errorf("%s: changed %v, config %+v, applied %v, seeded %v", tt.name, m, s.cfg, rs.applied, rs.seeded)
		}
		if got := len(f.registry[testKey].Given); got != len(tt.given) {
			t.Errorf("%s: Given values deleted although configure failed", tt.name)
		}
	}
}

func clipForTest(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}

// TestInstallerModeWithoutSettings: a program without Settings refuses
// values given to the installer instead of ignoring them.
func TestInstallerModeWithoutSettings(t *testing.T) {
	f, _, _, _ := installerSetup([]regValue{sz("listen", ":1")}, nil, nil)
	err := run(f.env(&bytes.Buffer{}), testSpec, []string{"configure", "--installer-key", testKey})
	if exitcode.Of(err) != exitcode.Config || !strings.Contains(err.Error(), "this program takes no settings") {
		t.Fatalf("%v", err)
	}
	f, _, _, _ = installerSetup([]regValue{sz("listen", "")}, nil, ptr(sz("StartType", "auto")))
	if err := run(f.env(&bytes.Buffer{}), testSpec, []string{"configure", "--installer-key", testKey}); err != nil {
		t.Fatal(err)
	}
}

func TestInstallerKeyErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--installer-key", testKey, "--start", "auto"}, "--installer-key excludes --start"},
		{[]string{"--installer-key", testKey, "--set", "listen=:1"}, "--installer-key excludes --set"},
		{[]string{"--installer-key", testKey, "--exe", `C:\evil.exe`}, "--installer-key excludes --exe"},
		{[]string{"--exe", `C:\evil.exe`, "--installer-key", testKey}, "--installer-key excludes --exe"},
		{[]string{"--installer-key", `SOFTWARE`}, "want a key below HKLM"},
		{[]string{"--installer-key", `SYSTEM\CurrentControlSet\Services\hellosvc`}, "want a key below HKLM"},
		{[]string{"--installer-key", `HKLM\SOFTWARE\svcpack`}, "want a key below HKLM"},
		{[]string{"--installer-key", `SOFTWARE\svcpack\..\..\SYSTEM`}, `a component may not be ".."`},
		{[]string{"--installer-key", `SOFTWARE\.`}, `a component may not be "."`},
		{[]string{"--installer-key", `SOFTWARE\svcpack\`}, "want a key below HKLM"},
		{[]string{"--installer-key", `SOFTWARE\svc/pack`}, "want a key below HKLM"},
		{[]string{"--installer-key", "SOFTWARE\\svc\tpack"}, "want a key below HKLM"},
		{[]string{"--installer-key", "SOFTWARE\\svc\x00pack"}, "want a key below HKLM"},
		{[]string{"--installer-key", "SOFTWARE\\svcpäck"}, "want a key below HKLM"},
		{[]string{"--installer-key", `SOFTWARE\` + strings.Repeat("a", 600)}, "want a key below HKLM"},
	} {
		f := newFake()
		installed(f)
		err := run(f.env(&bytes.Buffer{}), testSpec, append([]string{"configure"}, tc.args...))
		if exitcode.Of(err) != exitcode.Usage || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v (exit %d), want Usage and %q", tc.args, err, exitcode.Of(err), tc.want)
		}
		if len(f.calls) != 0 {
			t.Errorf("%q: called %v", tc.args, f.calls)
		}
	}
	// A key the installer did not write, and one this user may not read.
	f := newFake()
	installed(f)
	err := run(f.env(&bytes.Buffer{}), testSpec, []string{"configure", "--installer-key", `SOFTWARE\other`})
	if exitcode.Of(err) != exitcode.Config || !strings.Contains(err.Error(), `read installer key HKLM\SOFTWARE\other`) || len(f.mutated()) > 0 {
		t.Errorf("missing key: %v (exit %d)", err, exitcode.Of(err))
	}
	f.registry[testKey] = &installerKeyValues{}
	f.failAt, f.failErr, f.step = 1, errAccessDenied, 0
	err = run(f.env(&bytes.Buffer{}), testSpec, []string{"configure", "--installer-key", testKey})
	if exitcode.Of(err) != exitcode.NotAdmin || !strings.HasSuffix(err.Error(), "(run as administrator)") {
		t.Errorf("denied: %v (exit %d)", err, exitcode.Of(err))
	}
}

// TestInstallerModeDeleteFails: the given values could not be deleted, so
// configure fails (the MSI rolls back) rather than leave them to be applied
// again by a later repair.
func TestInstallerModeDeleteFails(t *testing.T) {
	f, _, _, spec := installerSetup([]regValue{sz("listen", ":9090")}, nil, nil)
	var out bytes.Buffer
	if err := run(f.env(&out), spec, []string{"configure", "--installer-key", testKey}); err != nil {
		t.Fatal(err)
	}
	at := slices.IndexFunc(f.calls, func(c call) bool { return c.op == "DeleteGiven" }) + 1
	f, _, _, spec = installerSetup([]regValue{sz("listen", ":9090")}, nil, nil)
	f.failAt, f.failErr = at, errAccessDenied
	err := run(f.env(&out), spec, []string{"configure", "--installer-key", testKey})
	if f.failedOp != "DeleteGiven" || exitcode.Of(err) != exitcode.NotAdmin || !strings.Contains(err.Error(), `delete the applied values under HKLM\SOFTWARE\svcpack\hellosvc\Given`) {
		t.Fatalf("failed op %s: %v (exit %d)", f.failedOp, err, exitcode.Of(err))
	}
}
