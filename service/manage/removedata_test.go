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

func TestRemoveDataRemovesExactlyTheDataDir(t *testing.T) {
	f := newFake()
	installed(f)
	f.dataDirs["hellosvc"] = `NT SERVICE\hellosvc`
	f.dataDirs["other"] = `NT SERVICE\other`
	var out bytes.Buffer
	if err := run(f.env(&out), testSpec, []string{"remove-data"}); err != nil {
		t.Fatal(err)
	}
	if want := []string{`C:\ProgramData\hellosvc`}; !slices.Equal(f.removed, want) {
		t.Fatalf("removed %q, want %q", f.removed, want)
	}
	if _, ok := f.dataDirs["hellosvc"]; ok || f.dataDirs["other"] == "" {
		t.Fatalf("data dirs left: %v", f.dataDirs)
	}
	if got := out.String(); got != "removed C:\\ProgramData\\hellosvc\n" {
		t.Errorf("output %q", got)
	}
	if len(f.services) != 1 {
		t.Errorf("remove-data touched the service: %v", f.services)
	}
}

// TestRemoveDataIsIdempotent: a missing directory is success, after an
// uninstall (no service) and again after a first removal.
func TestRemoveDataIsIdempotent(t *testing.T) {
	f := newFake()
	f.dataDirs["hellosvc"] = `NT SERVICE\hellosvc`
	for i, want := range []string{"removed ", "does not exist; nothing to remove"} {
		var out bytes.Buffer
		if err := run(f.env(&out), testSpec, []string{"remove-data"}); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
		if !strings.Contains(out.String(), want) || !strings.Contains(out.String(), `C:\ProgramData\hellosvc`) {
			t.Errorf("run %d: output %q lacks %q and the path", i+1, out.String(), want)
		}
	}
}

func TestRemoveDataRefusesWhileTheServiceRuns(t *testing.T) {
	for _, state := range []uint32{stateRunning, stateStartPending, stateStopPending} {
		f := newFake()
		f.stuck = true // the pending states stay
		s := installed(f)
		s.st, s.pending = serviceStatus{State: state}, 1
		f.dataDirs["hellosvc"] = `NT SERVICE\hellosvc`
		var out bytes.Buffer
		err := run(f.env(&out), testSpec, []string{"remove-data"})
		if err == nil || !strings.Contains(err.Error(), `service "hellosvc" is `+stateName(state)+"; stop or uninstall it first") {
			t.Errorf("state %s: %v", stateName(state), err)
		}
		// Not Failure ("failed after ready"): finding 8.
		if exitcode.Of(err) != exitcode.ServiceActive {
			t.Errorf("state %s: exit code %d, want ServiceActive (%d)", stateName(state), exitcode.Of(err), exitcode.ServiceActive)
		}
		if len(f.removed) != 0 {
			t.Errorf("state %s: removed %q", stateName(state), f.removed)
		}
	}
}

// TestRemoveDataRefusesOtherDirectories: a name that is not one plain
// folder name, or a ProgramData that is not an absolute path, removes nothing.
func TestRemoveDataRefusesOtherDirectories(t *testing.T) {
	for _, name := range []string{"..", ".", `..\Windows`, `a\b`, "a/b", "C:", "hellosvc.", "hellosvc ", "a*"} {
		f := newFake()
		var out bytes.Buffer
		err := run(f.env(&out), Spec{Name: name}, []string{"remove-data"})
		if err == nil || !strings.Contains(err.Error(), "is not a plain folder name") {
			t.Errorf("name %q: %v", name, err)
		}
		if len(f.calls) != 0 {
			t.Errorf("name %q: called %v", name, f.calls)
		}
	}
	for _, root := range []string{"", "ProgramData", `\ProgramData`} {
		f := newFake()
		f.dataRoot = root
		var out bytes.Buffer
		err := run(f.env(&out), testSpec, []string{"remove-data"})
		if err == nil || !strings.Contains(err.Error(), "not an absolute path") || len(f.removed) != 0 {
			t.Errorf("root %q: %v, removed %q", root, err, f.removed)
		}
	}
	f := newFake()
	f.dataRoot = `D:\Data\`
	if err := run(f.env(&bytes.Buffer{}), testSpec, []string{"remove-data"}); err != nil || !slices.Equal(f.removed, []string{`D:\Data\hellosvc`}) {
		t.Errorf("root with a trailing separator: %v, removed %q", err, f.removed)
	}
}

func TestRemoveDataErrorNamesThePath(t *testing.T) {
	f := newFake()
	f.failAt, f.failErr = 5, syscall.Errno(32) // OpenManager, OpenService, Close, DataRoot, RemoveTree
	err := run(f.env(&bytes.Buffer{}), testSpec, []string{"remove-data"})
	if f.failedOp != "RemoveTree" {
		t.Fatalf("the error went into %s, not RemoveTree", f.failedOp)
	}
	if err == nil || !strings.HasPrefix(err.Error(), `remove data directory C:\ProgramData\hellosvc: `) || !errors.Is(err, syscall.Errno(32)) {
		t.Fatalf("got %v", err)
	}
	if exitcode.Of(err) != exitcode.Failure {
		t.Errorf("exit code %d, want %d", exitcode.Of(err), exitcode.Failure)
	}
}

func TestRemoveDataAccessDeniedMeansNotAdmin(t *testing.T) {
	f := newFake()
	f.failAt, f.failErr = 5, errAccessDenied // RemoveTree
	err := run(f.env(&bytes.Buffer{}), testSpec, []string{"remove-data"})
	if exitcode.Of(err) != exitcode.NotAdmin || !strings.HasSuffix(err.Error(), "(run as administrator)") || !strings.Contains(err.Error(), `C:\ProgramData\hellosvc`) {
		t.Fatalf("got %v (exit %d)", err, exitcode.Of(err))
	}
}
