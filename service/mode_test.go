package service

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/svcpack/svcpack/service/manage"
)

// TestModeOf: the arguments decide first; the SCM detection is asked only
// when they do not (it is a system call on Windows).
func TestModeOf(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		detected bool
		want     RunMode
		asked    bool
	}{
		{nil, false, ModeConsole, true},
		{nil, true, ModeService, true},
		{[]string{"-config", "x.json"}, false, ModeConsole, true},
		{[]string{"service", "run"}, false, ModeService, false},
		{[]string{"service", "run", "extra"}, false, ModeService, false},
		{[]string{"service", "status"}, true, ModeManage, false},
		{[]string{"service"}, false, ModeManage, false},
		{[]string{"Service", "run"}, false, ModeConsole, true}, // the words are exact, as the installer writes them
		{[]string{"run", "service"}, false, ModeConsole, true},
	} {
		asked := false
		got := modeOf(tc.args, func() bool { asked = true; return tc.detected })
		if got != tc.want || asked != tc.asked {
			t.Errorf("modeOf(%q, detected=%v) = %v (detection asked: %v), want %v (asked: %v)", tc.args, tc.detected, got, asked, tc.want, tc.asked)
		}
	}
}

// TestModeReadsTheCommandLine: Mode answers from os.Args as Run does. This
// test process was not started by the SCM, so without the service argument
// it is console mode on every OS (Windows binaries included).
func TestModeReadsTheCommandLine(t *testing.T) {
	saved := os.Args
	t.Cleanup(func() { os.Args = saved })
	for _, tc := range []struct {
		args []string
		want RunMode
	}{
		{append([]string{"prog"}, ServiceArgs()...), ModeService},
		{[]string{"prog", "service", "install", "--start", "manual"}, ModeManage},
		{[]string{"prog"}, ModeConsole},
		{[]string{"prog", "-config", `C:\x.json`}, ModeConsole},
	} {
		os.Args = tc.args
		if got := Mode(); got != tc.want {
			t.Errorf("Mode() with os.Args %q = %v, want %v", tc.args, got, tc.want)
		}
	}
	if s := RunMode(0).String(); s != "RunMode(0)" {
		t.Errorf("the zero RunMode prints %q", s)
	}
}

// TestServiceArgsIsACopy: changing what ServiceArgs returned changes neither
// the next answer nor the mode the runtime decides.
func TestServiceArgsIsACopy(t *testing.T) {
	a := ServiceArgs()
	a[0], a[1] = "x", "y"
	if b := ServiceArgs(); !slices.Equal(b, []string{"service", "run"}) {
		t.Fatalf("ServiceArgs() = %q after a caller changed an earlier result", b)
	}
	if m := modeOf([]string{"service", "run"}, func() bool { return false }); m != ModeService {
		t.Fatalf("service run is %v after a caller changed ServiceArgs' result", m)
	}
}

// TestManageSpecTakesTheNamesFromConfig: the CLI gets Config's names (with
// their defaults), the service arguments Run recognizes, and Install's
// options unchanged.
func TestManageSpecTakesTheNamesFromConfig(t *testing.T) {
	opts := manage.Options{StartType: manage.StartManual, RestartDelays: []time.Duration{time.Second}, RecoverOnlyOnCrash: true}
	s := Config{Name: "svc", Description: "does things", Install: opts}.withDefaults().manageSpec()
	if s.Name != "svc" || s.DisplayName != "svc" || s.Description != "does things" || !slices.Equal(s.ServiceArgs, ServiceArgs()) {
		t.Errorf("names: %+v", s)
	}
	if s.StartType != opts.StartType || !slices.Equal(s.RestartDelays, opts.RestartDelays) || !s.RecoverOnlyOnCrash {
		t.Errorf("options: %+v, want %+v", s.Options, opts)
	}
}
