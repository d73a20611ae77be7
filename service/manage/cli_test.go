package manage

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/service/exitcode"
)

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "missing command"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"install", "--start", "sometimes"}, `unknown start type "sometimes"`},
		{[]string{"configure", "--restart-delays", "5s,soon"}, `bad delay "soon"`},
		{[]string{"configure", "--reset-period", "a day"}, `bad duration "a day"`},
		{[]string{"stop", "--timeout", "-1s"}, "must be positive"},
		{[]string{"status", "--verbose"}, "flag provided but not defined: -verbose"},
		{[]string{"start", "now"}, `unexpected argument "now"`},
		{[]string{"install", "--exe", `hellosvc.exe`}, "need an absolute path"},
		{[]string{"configure", "--set", "novalue"}, `bad setting "novalue"`},
		{[]string{"configure", "--set", "k=v"}, "takes no settings"},
		{[]string{"configure", "--failure-on-non-crash=maybe"}, "failure-on-non-crash"},
	}
	for _, tt := range tests {
		f := newFake()
		var out bytes.Buffer
		err := run(f.env(&out), testSpec, tt.args)
		if exitcode.Of(err) != exitcode.Usage {
			t.Errorf("%q: exit code %d (%v), want Usage", tt.args, exitcode.Of(err), err)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "usage:") {
			t.Errorf("%q: %q does not say %q and show the usage", tt.args, err, tt.want)
		}
		if len(f.calls) != 0 {
			t.Errorf("%q: a usage error still called %v", tt.args, f.calls)
		}
	}
}

func TestHelpIsNotAnError(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"install", "-h"}} {
		var out bytes.Buffer
		if err := run(newFake().env(&out), testSpec, args); err != nil || !strings.Contains(out.String(), "usage:") {
			t.Errorf("%q: %v, %q", args, err, out.String())
		}
	}
}

func TestResolveOrder(t *testing.T) {
	parsed := func(args ...string) options {
		o, err := parse("configure", args)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	// Defaults.
	s := resolve(Spec{Name: "x"}, parsed())
	if s.StartType != StartAuto || s.Account != `NT SERVICE\x` || s.ResetPeriod != 24*time.Hour ||
		s.RecoverOnlyOnCrash || s.PreShutdownTimeout != 0 || s.DisplayName != "x" ||
		!equalDurations(s.RestartDelays, 5*time.Second, 30*time.Second, 60*time.Second) {
		t.Errorf("defaults: %+v", s)
	}
	// Spec beats defaults.
	spec := Spec{Name: "x", Options: Options{StartType: StartManual, RestartDelays: []time.Duration{time.Second}, ResetPeriod: time.Hour, RecoverOnlyOnCrash: true, PreShutdownTimeout: time.Minute}}
	s = resolve(spec, parsed())
	if s.StartType != StartManual || s.ResetPeriod != time.Hour || !s.RecoverOnlyOnCrash || s.PreShutdownTimeout != time.Minute || !equalDurations(s.RestartDelays, time.Second) {
		t.Errorf("spec: %+v", s)
	}
	// Flags beat the Spec.
	s = resolve(spec, parsed("--start", "delayed-auto", "--restart-delays", "none", "--reset-period", "2h", "--failure-on-non-crash=true", "--preshutdown-timeout", "3m"))
	if s.StartType != StartDelayedAuto || s.ResetPeriod != 2*time.Hour || s.RecoverOnlyOnCrash || s.PreShutdownTimeout != 3*time.Minute || !s.NoRestart || len(s.RestartDelays) != 0 {
		t.Errorf("flags: %+v", s)
	}
}

func equalDurations(got []time.Duration, want ...time.Duration) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

func TestCommandLine(t *testing.T) {
	tests := []struct {
		exe  string
		args []string
		want string
	}{
		{`C:\Program Files\Hello\hellosvc.exe`, []string{"service", "run"}, `"C:\Program Files\Hello\hellosvc.exe" service run`},
		{`C:\h.exe`, nil, `"C:\h.exe"`},
		{`C:\h.exe`, []string{"a b", ""}, `"C:\h.exe" "a b" ""`},
		{`C:\h.exe`, []string{`say "hi"`}, `"C:\h.exe" "say \"hi\""`},
		{`C:\h.exe`, []string{`C:\dir with space\`}, `"C:\h.exe" "C:\dir with space\\"`},
		{`C:\h.exe`, []string{`a\\"b`}, `"C:\h.exe" "a\\\\\"b"`},
		{`C:\h.exe`, []string{`C:\no\space\`}, `"C:\h.exe" C:\no\space\`},
	}
	for _, tt := range tests {
		got, err := commandLine(tt.exe, tt.args)
		if err != nil || got != tt.want {
			t.Errorf("commandLine(%q, %q) = %q, %v; want %q", tt.exe, tt.args, got, err, tt.want)
		}
	}
	if _, err := commandLine(`C:\a"b.exe`, nil); err == nil {
		t.Error("a quote in the executable path was accepted")
	}
}

func TestServiceSID(t *testing.T) {
	// TrustedInstaller's SID is the service SID of the service "TrustedInstaller".
	if got := serviceSID("TrustedInstaller"); got != "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464" {
		t.Fatalf("serviceSID = %s", got)
	}
	if got, _ := wellKnownSID(`nt service\trustedinstaller`); got != serviceSID("TrustedInstaller") {
		t.Fatalf("virtual account SID is case-sensitive: %s", got)
	}
	if _, ok := wellKnownSID(`CONTOSO\svc-hello`); ok {
		t.Fatal("a domain account must be looked up, not guessed")
	}
	if got := dataDirSDDL("S-1-5-18"); strings.Count(got, "(A;") != 2 {
		t.Fatalf("LocalSystem gets a redundant ACE: %s", got)
	}
}
