package wrap

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/svcpack/svcpack/internal/testtemp"
)

// holdChild holds the test program with args, its output into a new lineLog.
func holdChild(t *testing.T, args ...string) (*winProcess, *lineLog) {
	t.Helper()
	out := newLineLog()
	h, err := holdProcess(childConfig(t, args...), NewLineSink(out, time.Now))
	if err != nil {
		t.Fatal(err)
	}
	p := h.(*winProcess)
	t.Cleanup(p.Release)
	return p, out
}

// A held program exists, in its job, but runs nothing until Resume: another
// program started after it runs its whole life meanwhile.
func TestHeldProgramRunsOnlyOnceResumed(t *testing.T) {
	dir := testtemp.Dir(t)
	mark, other := filepath.Join(dir, "held-ran"), filepath.Join(dir, "other-ran")
	p, out := holdChild(t, "touch", mark, "hang")
	if !alive(p.Pid()) {
		t.Fatalf("held process %d does not exist", p.Pid())
	}
	q, _ := start(t, childConfig(t, "touch", other, "exit", "0"))
	<-q.Done()
	if _, err := os.Stat(other); err != nil {
		t.Fatalf("the program started after the held one did not run: %v", err)
	}
	if _, err := os.Stat(mark); err == nil {
		t.Fatalf("the held program ran before Resume (it made %s); captured: %q", mark, out.String())
	}
	if _, err := p.Resume(); err != nil {
		t.Fatal(err)
	}
	out.waitFor(t, "touched "+mark)
}

// A held program released without Resume is ended, with its job, never
// having run.
func TestReleasedHeldProgramNeverRuns(t *testing.T) {
	mark := filepath.Join(testtemp.Dir(t), "released-ran")
	p, out := holdChild(t, "touch", mark, "hang")
	pid := p.Pid()
	p.Release()
	select {
	case <-p.Done():
	default:
		t.Fatal("Release returned before the held process ended")
	}
	waitGone(t, "released program", pid)
	if _, err := os.Stat(mark); err == nil {
		t.Errorf("the released program ran (it made %s)", mark)
	}
	if got := out.String(); got != "" {
		t.Errorf("the released program wrote %q; want nothing", got)
	}
}
