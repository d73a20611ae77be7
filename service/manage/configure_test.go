package manage

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/service/exitcode"
)

func installed(f *fake) *fakeService {
	s := &fakeService{cfg: serviceConfig{Account: `NT SERVICE\hellosvc`, StartType: startDemand, BinaryPath: `C:\Program Files\Hello Svc\hellosvc.exe service run`}, c2: map[uint32]serviceConfig2{}, st: serviceStatus{State: stateStopped}}
	f.services["hellosvc"] = s
	return s
}

func TestConfigureConverges(t *testing.T) {
	f := newFake()
	s := installed(f)
	var out bytes.Buffer
	args := []string{"configure", "--start", "delayed-auto", "--restart-delays", "1s,2m", "--reset-period", "1h", "--failure-on-non-crash=false", "--preshutdown-timeout", "30s"}
	for range 2 { // idempotent: the second run writes the same values
		if err := run(f.env(&out), testSpec, args); err != nil {
			t.Fatal(err)
		}
	}
	if s.cfg.BinaryPath != `"C:\Program Files\Hello Svc\hellosvc.exe" service run` || s.cfg.StartType != startAuto || s.cfg.DisplayName != "Hello Service" {
		t.Errorf("config: %+v", s.cfg)
	}
	want := map[uint32]serviceConfig2{
		levelDescription:        {Description: "says hello"},
		levelDelayedAutoStart:   {DelayedAutoStart: true},
		levelFailureActions:     {Recovery: scmRecovery{ResetPeriod: time.Hour, Actions: []scAction{{actionRestart, time.Second}, {actionRestart, 2 * time.Minute}}}},
		levelFailureActionsFlag: {FailureOnNonCrash: false},
		levelSIDType:            {SIDType: sidTypeUnrestricted},
		levelPreshutdown:        {Preshutdown: 30 * time.Second},
	}
	for level, w := range want {
		got := s.c2[level]
		if got.Description != w.Description || got.DelayedAutoStart != w.DelayedAutoStart || got.FailureOnNonCrash != w.FailureOnNonCrash ||
			got.SIDType != w.SIDType || got.Preshutdown != w.Preshutdown || got.Recovery.String() != w.Recovery.String() {
			t.Errorf("level %d: got %+v, want %+v", level, got, w)
		}
	}
	if f.dataDirs["hellosvc"] != `NT SERVICE\hellosvc` || !f.eventSources["hellosvc"] {
		t.Errorf("data dir %v, event sources %v", f.dataDirs, f.eventSources)
	}
}

func TestDefaultRecoveryAndNoPreshutdown(t *testing.T) {
	f := newFake()
	s := installed(f)
	var out bytes.Buffer
	if err := run(f.env(&out), testSpec, []string{"configure"}); err != nil {
		t.Fatal(err)
	}
	r := s.c2[levelFailureActions].Recovery
	if got := r.String(); got != "restart after 5s, restart after 30s, restart after 1m0s (last repeats); reset failure count after 24h0m0s" {
		t.Errorf("recovery: %s", got)
	}
	if !s.c2[levelFailureActionsFlag].FailureOnNonCrash {
		t.Error("failure actions on non-crash failures is off by default")
	}
	if _, ok := s.c2[levelPreshutdown]; ok {
		t.Error("preshutdown timeout changed though neither Spec nor flag gave one")
	}
	if _, ok := s.c2[levelDelayedAutoStart]; s.cfg.StartType != startDemand || ok {
		t.Errorf("start type %d, delayed flag written %v: configure without --start changed the start type", s.cfg.StartType, ok)
	}
}

// TestConfigureUnderWine: the levels Wine 8.0 rejects become one warning
// line each and configure still succeeds; status shows them as unavailable.
func TestConfigureUnderWine(t *testing.T) {
	f := newFake()
	installed(f)
	f.unsupported = map[uint32]bool{levelDelayedAutoStart: true, levelSIDType: true, levelFailureActionsFlag: true}
	var out bytes.Buffer
	if err := run(f.env(&out), testSpec, []string{"configure", "--start", "auto"}); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"warning: SID type: not supported by this Service Control Manager; left unchanged\n",
		"warning: delayed auto-start: not supported by this Service Control Manager; left unchanged\n",
		"warning: failure actions on non-crash failures: not supported by this Service Control Manager; left unchanged\n",
	} {
		if strings.Count(out.String(), line) != 1 {
			t.Errorf("output lacks %q once:\n%s", line, out.String())
		}
	}
	out.Reset()
	if err := run(f.env(&out), testSpec, []string{"status"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SID type:              unavailable", "auto (delayed: unavailable)", "Description:           says hello"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("status lacks %q:\n%s", want, out.String())
		}
	}
}

// Only "not supported" is a warning; any other serviceConfig2 failure fails configure.
func TestConfigureOtherConfig2ErrorFails(t *testing.T) {
	f := newFake()
	installed(f)
	f.failAt, f.failErr = 5, errAccessDenied // OpenManager, OpenService, QueryConfig, ChangeConfig, ChangeConfig2(description)
	var out bytes.Buffer
	err := run(f.env(&out), testSpec, []string{"configure"})
	if f.failedOp != "ChangeConfig2" || exitcode.Of(err) != exitcode.SCMError || !strings.Contains(err.Error(), `set description of service "hellosvc"`) {
		t.Fatalf("failed op %s: %v (exit %d)", f.failedOp, err, exitcode.Of(err))
	}
}

type recordingSettings struct {
	bad     bool
	applied []map[string]string
	seeded  []map[string]string
}

func (r *recordingSettings) Validate(kv map[string]string) error {
	if r.bad {
		return errors.New(`listen: "nope" is not host:port`)
	}
	return nil
}

func (r *recordingSettings) Apply(kv map[string]string) error {
	r.applied = append(r.applied, kv)
	return nil
}

func (r *recordingSettings) Seed(kv map[string]string) error {
	r.seeded = append(r.seeded, kv)
	return nil
}

func TestSettingsValidatedBeforeAnyChange(t *testing.T) {
	for _, cmd := range []string{"install", "configure"} {
		f := newFake()
		if cmd == "configure" {
			installed(f)
		}
		rs := &recordingSettings{bad: true}
		spec := testSpec
		spec.Settings = rs
		var out bytes.Buffer
		err := run(f.env(&out), spec, []string{cmd, "--set", "LISTEN=nope"})
		if exitcode.Of(err) != exitcode.Config || !strings.Contains(err.Error(), "not host:port") {
			t.Errorf("%s: %v (exit %d), want Config", cmd, err, exitcode.Of(err))
		}
		if m := f.mutated(); len(m) > 0 || len(rs.applied) > 0 {
			t.Errorf("%s: a bad --set still changed %v, applied %v", cmd, m, rs.applied)
		}
	}
}

func TestSettingsAppliedAfterSCM(t *testing.T) {
	f := newFake()
	installed(f)
	rs := &recordingSettings{}
	spec := testSpec
	spec.Settings = rs
	var out bytes.Buffer
	if err := run(f.env(&out), spec, []string{"configure", "--set", "LISTEN=:9090", "--set", "LOGLEVEL="}); err != nil {
		t.Fatal(err)
	}
	if len(rs.applied) != 1 || len(rs.applied[0]) != 1 || rs.applied[0]["LISTEN"] != ":9090" {
		t.Errorf("applied %v; want only LISTEN (an empty value means not given)", rs.applied)
	}
	f.failAt, f.step = 4, 0 // ChangeConfig
	f.failErr = errServiceExists
	if err := run(f.env(&out), spec, []string{"configure", "--set", "LISTEN=:1"}); err == nil || len(rs.applied) != 1 {
		t.Errorf("settings applied although the SCM failed: %v, %v", err, rs.applied)
	}
}

func TestInstallRollsBackWhenConfigureFails(t *testing.T) {
	f := newFake()
	f.failAt, f.failErr = 4, errServiceExists // OpenManager, CreateService, ChangeConfig, ChangeConfig2
	var out bytes.Buffer
	if err := run(f.env(&out), testSpec, []string{"install"}); err == nil {
		t.Fatal("install succeeded")
	}
	if len(f.services) != 0 {
		t.Fatal("a half-configured service was left installed")
	}
}

func TestInstallCreates(t *testing.T) {
	f := newFake()
	var out bytes.Buffer
	err := run(f.env(&out), testSpec, []string{"install", "--start", "manual", "--depends", "Tcpip, Afd", "--exe", `D:\svc\h.exe`})
	if err != nil {
		t.Fatal(err)
	}
	s := f.services["hellosvc"]
	if s.cfg.BinaryPath != `"D:\svc\h.exe" service run` || s.cfg.Account != `NT SERVICE\hellosvc` || s.cfg.StartType != startDemand ||
		strings.Join(s.cfg.Dependencies, "|") != "Tcpip|Afd" || s.cfg.DisplayName != "Hello Service" {
		t.Errorf("created %+v", s.cfg)
	}
	if err := run(f.env(&out), testSpec, []string{"install"}); exitcode.Of(err) != exitcode.SCMError || !strings.Contains(err.Error(), `create service "hellosvc"`) {
		t.Errorf("second install: %v", err)
	}
}
