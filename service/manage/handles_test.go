package manage

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/svcpack/svcpack/service/exitcode"
)

var testSpec = Spec{Name: "hellosvc", DisplayName: "Hello Service", Description: "says hello", ServiceArgs: []string{"service", "run"}}

// cycle is the command sequence each handle test runs.
var cycle = [][]string{
	{"preflight"},
	{"install"},
	{"preflight"},
	{"status"},
	{"configure", "--start", "delayed-auto"},
	{"configure", "--installer-key", testKey},
	{"start"},
	{"status"},
	{"stop"},
	{"uninstall"},
	{"remove-data"},
}

// TestHandlesBalanceUnderInjectedErrors runs 10,000 cycles, failing a
// different step of each (every step of the cycle in turn, with three kinds
// of error), and checks after every command that every opened handle was
// closed exactly once and that an injected error was not swallowed.
func TestHandlesBalanceUnderInjectedErrors(t *testing.T) {
	f := newFake()
	withKey := func() {
		f.registry[testKey] = &InstallerKey{StartType: ptr(sz("StartType", "manual")),
			Given: []RegValue{sz("listen", ":9090")}, Remembered: []RegValue{sz("listen", ":8080")}}
	}
	spec := testSpec
	spec.Settings = &recordingSettings{}
	withKey()
	var out bytes.Buffer
	for _, args := range cycle {
		if err := run(f.env(&out), spec, args); err != nil {
			t.Fatalf("clean cycle: %v: %v", args, err)
		}
	}
	steps := f.step
	if steps < 30 {
		t.Fatalf("clean cycle took only %d steps; the fake is not counting", steps)
	}
	kinds := []error{syscall.Errno(31), errAccessDenied, errInvalidLevel}
	failures := 0
	for i := range 10000 {
		f.reset()
		withKey()
		f.step = 0
		f.failAt = i%(steps+1) + 1 // steps+1: this cycle runs clean
		f.failErr = kinds[(i/(steps+1))%len(kinds)]
		f.failedOp = ""
		for _, args := range cycle {
			before := f.failedOp
			out.Reset()
			err := run(f.env(&out), spec, args)
			if len(f.live) != 0 || f.opened != f.closed {
				t.Fatalf("cycle %d, fail at %d (%v), %v: %d handles open (opened %d, closed %d)",
					i, f.failAt, f.failErr, args, len(f.live), f.opened, f.closed)
			}
			if len(f.misuse) > 0 {
				t.Fatalf("cycle %d, %v: %v", i, args, f.misuse)
			}
			if before != "" || f.failedOp == "" {
				continue // the injection was not in this command
			}
			failures++
			op := f.failedOp
			tolerated := op == "Close" || // nothing to do about it
				(args[0] == "status" && op == "QueryConfig2") || // printed as unavailable
				(op == "ChangeConfig2" && errors.Is(f.failErr, errInvalidLevel)) // Wine: warning
			if tolerated {
				if op == "ChangeConfig2" && !strings.Contains(out.String(), "not supported by this Service Control Manager") {
					t.Fatalf("cycle %d: %v: ERROR_INVALID_LEVEL on %s without a warning: %q", i, args, op, out.String())
				}
				continue
			}
			if err == nil {
				t.Fatalf("cycle %d: %v: error injected into %s was swallowed", i, args, op)
			}
			code := exitcode.Of(err)
			wantAdmin := errors.Is(f.failErr, errAccessDenied) && slices.Contains([]string{"OpenManager", "OpenService", "CreateService", "RemoveTree", "ReadInstallerKey", "DeleteGiven"}, op)
			if (code == exitcode.NotAdmin) != wantAdmin {
				t.Fatalf("cycle %d: %v: %s failed with %v: exit code %d (%v)", i, args, op, f.failErr, code, err)
			}
			if wantAdmin && !strings.Contains(err.Error(), "(run as administrator)") {
				t.Fatalf("cycle %d: %q does not say to run as administrator", i, err)
			}
		}
	}
	if f.opened < 10000 {
		t.Fatalf("only %d handles opened in 10,000 cycles", f.opened)
	}
	t.Logf("%d-step cycles, %d injected failures, %d handles opened and closed", steps, failures, f.opened)
}

// TestAccessMasks pins the access each command asks for: the least it needs.
func TestAccessMasks(t *testing.T) {
	tests := []struct {
		args    []string
		manager uint32
		service uint32
	}{
		{[]string{"install"}, scManagerConnect | scManagerCreateService, serviceChangeConfig | serviceQueryConfig | serviceStart | accessDelete},
		{[]string{"status"}, scManagerConnect, serviceQueryStatus | serviceQueryConfig},
		{[]string{"configure"}, scManagerConnect, serviceChangeConfig | serviceQueryConfig | serviceStart},
		{[]string{"start"}, scManagerConnect, serviceStart | serviceQueryStatus},
		{[]string{"stop"}, scManagerConnect, serviceStop | serviceQueryStatus},
		{[]string{"uninstall"}, scManagerConnect, serviceStop | serviceQueryStatus | serviceQueryConfig | accessDelete},
		{[]string{"preflight"}, scManagerConnect, serviceQueryConfig},
		{[]string{"remove-data"}, scManagerConnect, serviceQueryStatus},
	}
	f := newFake()
	for _, tt := range tests {
		f.calls = nil
		var out bytes.Buffer
		if err := run(f.env(&out), testSpec, tt.args); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		var got []call
		for _, c := range f.calls {
			if c.op == "OpenManager" || c.op == "OpenService" || c.op == "CreateService" {
				got = append(got, c)
			}
		}
		if len(got) != 2 || got[0].access != tt.manager || got[1].access != tt.service {
			t.Errorf("%v opened %+v; want manager %#x, service %#x", tt.args, got, tt.manager, tt.service)
		}
	}
}

func TestNotAdminMessage(t *testing.T) {
	f := newFake()
	f.services["hellosvc"] = &fakeService{}
	f.failAt, f.failErr = 2, errAccessDenied // OpenService
	var out bytes.Buffer
	err := run(f.env(&out), testSpec, []string{"status"})
	if exitcode.Of(err) != exitcode.NotAdmin || !strings.HasPrefix(err.Error(), `open service "hellosvc": `) || !strings.HasSuffix(err.Error(), " (run as administrator)") {
		t.Fatalf("got %v (exit %d)", err, exitcode.Of(err))
	}
}
