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

// injectedKinds are the errors each step is failed with: a generic failure,
// access denied (the admin message) and ERROR_INVALID_LEVEL (what Wine says).
var injectedKinds = []error{syscall.Errno(31), errAccessDenied, errInvalidLevel}

// injection is one run of the cycle with one or two calls failed.
type injection struct {
	at, at2   int // steps (1-based, over the whole cycle); at2 0: none
	err, err2 error
}

// injectionResult is what a run saw: the ops that failed and the last step
// of the command the first failure was in (its cleanup runs up to there).
type injectionResult struct {
	op, op2 string
	cmdEnd  int
}

// runInjected runs the cycle with inj and checks after every command that
// every opened handle was closed exactly once, that no call used a handle
// that was not open, and that no injected error was swallowed.
func runInjected(t *testing.T, f *fake, inj injection) injectionResult {
	t.Helper()
	f.reset()
	withInstallerKey(f)
	spec := handleSpec()
	f.step = 0
	f.failAt, f.failErr, f.failedOp = inj.at, inj.err, ""
	f.failAt2, f.failErr2, f.failedOp2 = inj.at2, inj.err2, ""
	var res injectionResult
	var out bytes.Buffer
	for _, args := range cycle {
		before := f.failedOp
		out.Reset()
		err := run(f.env(&out), spec, args)
		if len(f.live) != 0 || f.opened != f.closed {
			t.Fatalf("%+v, %v: %d handles open (opened %d, closed %d)", inj, args, len(f.live), f.opened, f.closed)
		}
		if len(f.misuse) > 0 {
			t.Fatalf("%+v, %v: %v", inj, args, f.misuse)
		}
		if before != "" || f.failedOp == "" {
			continue // the injection was not in this command
		}
		res.op, res.op2, res.cmdEnd = f.failedOp, f.failedOp2, f.step
		if inj.at2 != 0 && f.failedOp2 == "" {
			t.Fatalf("%+v, %v: the second failure was not reached", inj, args)
		}
		tolerated := func(op string, failErr error) bool {
			return op == "Close" || // nothing to do about it
				(args[0] == "status" && (op == "QueryConfig2" || op == "DataRoot")) || // printed as unavailable
				(op == "ChangeConfig2" && errors.Is(failErr, errInvalidLevel)) // Wine: warning
		}
		ok1 := tolerated(f.failedOp, f.failErr)
		ok2 := f.failedOp2 == "" || tolerated(f.failedOp2, f.failErr2)
		for _, w := range []struct {
			op  string
			err error
			ok  bool
		}{{f.failedOp, f.failErr, ok1}, {f.failedOp2, f.failErr2, ok2}} {
			if w.ok && w.op == "ChangeConfig2" && !strings.Contains(out.String(), "not supported by this Service Control Manager") {
				t.Fatalf("%+v: %v: ERROR_INVALID_LEVEL on %s without a warning: %q", inj, args, w.op, out.String())
			}
		}
		if ok1 && ok2 {
			continue
		}
		if err == nil {
			t.Fatalf("%+v: %v: error injected into %s/%s was swallowed", inj, args, f.failedOp, f.failedOp2)
		}
		if ok1 || inj.at2 != 0 {
			continue // the exit code belongs to the first failure that is not tolerated
		}
		op := f.failedOp
		code := exitcode.Of(err)
		wantAdmin := errors.Is(f.failErr, errAccessDenied) && slices.Contains([]string{"OpenManager", "OpenService", "CreateService", "RemoveTree", "ReadInstallerKey", "DeleteGiven"}, op)
		if (code == exitcode.NotAdmin) != wantAdmin {
			t.Fatalf("%+v: %v: %s failed with %v: exit code %d (%v)", inj, args, op, f.failErr, code, err)
		}
		if wantAdmin && !strings.Contains(err.Error(), "(run as administrator)") {
			t.Fatalf("%+v: %q does not say to run as administrator", inj, err)
		}
	}
	return res
}

// handleSpec is testSpec with settings, so that the installer-key
// configure of the cycle reads, validates, seeds and applies values.
func handleSpec() Spec {
	spec := testSpec
	spec.Settings = &recordingSettings{}
	return spec
}

// withInstallerKey puts the values an MSI would have written into the fake
// registry: a fresh copy for every run, since configure deletes Given.
func withInstallerKey(f *fake) {
	f.registry[testKey] = &installerKeyValues{StartType: ptr(sz("StartType", "manual")),
		Given: []regValue{sz("listen", ":9090")}, Remembered: []regValue{sz("listen", ":8080")}}
}

// cleanSteps runs the cycle once without failures and returns its step count.
func cleanSteps(t *testing.T, f *fake) int {
	t.Helper()
	spec := handleSpec()
	withInstallerKey(f)
	var out bytes.Buffer
	for _, args := range cycle {
		if err := run(f.env(&out), spec, args); err != nil {
			t.Fatalf("clean cycle: %v: %v", args, err)
		}
	}
	if f.step < 30 {
		t.Fatalf("clean cycle took only %d steps; the fake is not counting", f.step)
	}
	return f.step
}

// TestHandlesBalanceUnderInjectedErrors fails each step of the cycle with
// each kind of error, every (step, error) pair exactly once: a run is
// deterministic, so steps before the failure are those of the clean cycle and
// another run of the same pair would repeat this one.
func TestHandlesBalanceUnderInjectedErrors(t *testing.T) {
	f := newFake()
	steps := cleanSteps(t, f)
	runs := 0
	for at := 1; at <= steps; at++ {
		for _, kind := range injectedKinds {
			if res := runInjected(t, f, injection{at: at, err: kind}); res.op == "" {
				t.Fatalf("step %d of %d was not reached", at, steps)
			}
			runs++
		}
	}
	if want := steps * len(injectedKinds); runs != want {
		t.Fatalf("%d runs, want %d", runs, want)
	}
	t.Logf("%d-step cycle × %d error kinds: %d distinct single injections, %d handles opened and closed", steps, len(injectedKinds), runs, f.opened)
}

// TestHandlesBalanceUnderCleanupFailures fails, after each single injection
// of the test above, each later step of the same command (the cleanup:
// closes, the rollback of a half-done install; after a tolerated failure the
// rest of the command) with each kind of error: every such pair once.
func TestHandlesBalanceUnderCleanupFailures(t *testing.T) {
	f := newFake()
	steps := cleanSteps(t, f)
	pairs := 0
	ops := map[string]int{}
	for at := 1; at <= steps; at++ {
		for _, kind := range injectedKinds {
			first := runInjected(t, f, injection{at: at, err: kind})
			for at2 := at + 1; at2 <= first.cmdEnd; at2++ {
				for _, kind2 := range injectedKinds {
					res := runInjected(t, f, injection{at: at, err: kind, at2: at2, err2: kind2})
					ops[res.op2]++
					pairs++
				}
			}
		}
	}
	if pairs == 0 {
		t.Fatal("no failure was followed by a cleanup step")
	}
	t.Logf("%d distinct (failure, later failure in the same command) pairs; second failures by op: %v", pairs, ops)
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
