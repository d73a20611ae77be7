package wrap

import (
	"errors"
	"sync"
	"testing"
)

// fakeHeld is a program held before its first instruction.
type fakeHeld struct {
	p                 *fakeProcess
	resumes, releases int
	mu                sync.Mutex
}

func (h *fakeHeld) Resume() (Process, error) {
	h.mu.Lock()
	h.resumes++
	h.mu.Unlock()
	return h.p, nil
}
func (h *fakeHeld) Release() { h.mu.Lock(); h.releases++; h.mu.Unlock(); h.p.Kill() }

// earlyFakes counts the holds and the fresh starts an Early makes.
type earlyFakes struct {
	held   *fakeHeld
	holds  int
	starts []*fakeProcess
	err    error
}

func (f *earlyFakes) hold(Config, *LineSink) (heldProcess, error) {
	f.holds++
	if f.err != nil {
		return nil, f.err
	}
	return f.held, nil
}

func (f *earlyFakes) start(Config, *LineSink) (Process, error) {
	p := newFake(true)
	f.starts = append(f.starts, p)
	return p, nil
}

func newEarlyFakes() *earlyFakes { return &earlyFakes{held: &fakeHeld{p: newFake(true)}} }

func TestEarlyHandsOverTheHeldProgramOnceThenStartsAfresh(t *testing.T) {
	f := newEarlyFakes()
	c := Config{Program: "app.exe"}
	e := startEarly(c, nil, f.hold, f.start)
	first, err := e.Start(c, nil)
	if err != nil || first != Process(f.held.p) {
		t.Fatalf("first Start = %v, %v; want the held program", first, err)
	}
	second, err := e.Start(c, nil)
	if err != nil || len(f.starts) != 1 || second != Process(f.starts[0]) {
		t.Fatalf("second Start = %v, %v (%d fresh starts); want a fresh start (a restart)", second, err, len(f.starts))
	}
	e.Release() // the held one was handed over: the Supervisor owns it
	if f.holds != 1 || f.held.resumes != 1 || f.held.releases != 0 {
		t.Errorf("holds %d, resumes %d, releases %d; want 1, 1, 0", f.holds, f.held.resumes, f.held.releases)
	}
}

func TestEarlyWithPreStartHookHoldsNothing(t *testing.T) {
	f := newEarlyFakes()
	c := Config{Program: "app.exe", Hooks: Hooks{PreStart: &Hook{Command: Command{Program: "prep.exe"}}}}
	e := startEarly(c, nil, f.hold, f.start)
	if _, err := e.Start(c, nil); err != nil {
		t.Fatal(err)
	}
	e.Release()
	if f.holds != 0 || len(f.starts) != 1 {
		t.Errorf("holds %d, fresh starts %d; want 0 and 1: the pre_start hook runs before the program's process exists", f.holds, len(f.starts))
	}
}

func TestEarlyReleaseEndsAProgramNeverHandedOver(t *testing.T) {
	f := newEarlyFakes()
	c := Config{Program: "app.exe"}
	e := startEarly(c, nil, f.hold, f.start)
	e.Release()
	if f.held.releases != 1 || !exited(f.held.p) {
		t.Fatalf("releases %d, exited %v; want the held program ended", f.held.releases, exited(f.held.p))
	}
	if f.held.resumes != 0 {
		t.Errorf("resumes %d; want 0: a released program never runs", f.held.resumes)
	}
	e.Release()
	if f.held.releases != 1 {
		t.Errorf("releases %d after a second Release; want 1", f.held.releases)
	}
}

func TestEarlyFailedCreationFailsTheFirstStart(t *testing.T) {
	f := newEarlyFakes()
	f.err = errors.New("create process app.exe: not found")
	c := Config{Program: "app.exe"}
	e := startEarly(c, nil, f.hold, f.start)
	if _, err := e.Start(c, nil); !errors.Is(err, f.err) {
		t.Fatalf("first Start error = %v; want %v", err, f.err)
	}
	if _, err := e.Start(c, nil); err != nil || len(f.starts) != 1 {
		t.Fatalf("second Start = %v (%d fresh starts); want a fresh start", err, len(f.starts))
	}
	e.Release()
}
