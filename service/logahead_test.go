package service

import (
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
)

func aheadConfig(dir string) Config {
	return Config{Name: "svc", Log: LogConfig{Dir: filepath.Join(dir, "logs")}}.withDefaults()
}

// The sinks are opened in the background before the SCM hands the service
// over, and the service then writes to those, opened once.
func TestLogIsOpenedAheadAndTakenOnce(t *testing.T) {
	fs := &fakeSinks{t: t, registered: true}
	o := openLogAhead(aheadConfig(testtemp.Dir(t)), fs.sinks())
	<-o.done
	if _, _, open := fs.snapshot(); open != 2 {
		t.Fatalf("%d sinks open before take, want the event log and the file opened ahead", open)
	}
	set := o.take()
	o.discard() // after take: must not close what the service writes to
	if _, _, open := fs.snapshot(); open != 2 || fs.opens != 2 {
		t.Fatalf("after take: %d open, %d opened in all; want the 2 opened ahead, still open", open, fs.opens)
	}
	set.close()
	if _, _, open := fs.snapshot(); open != 0 {
		t.Errorf("%d handles left open", open)
	}
}

// Without the log folder's parent (the data folder install creates) nothing
// is opened ahead, so a `service run` at a console creates no folder; the
// service's own start opens the sinks as before.
func TestLogIsNotOpenedAheadWithoutTheDataFolder(t *testing.T) {
	fs := &fakeSinks{t: t, registered: true}
	o := openLogAhead(aheadConfig(filepath.Join(testtemp.Dir(t), "missing")), fs.sinks())
	<-o.done
	if fs.opens != 0 {
		t.Fatalf("%d sinks opened ahead without the data folder, want none", fs.opens)
	}
	set := o.take()
	if _, _, open := fs.snapshot(); open != 2 {
		t.Fatalf("take opened %d sinks, want the event log and the file", open)
	}
	set.close()
}

// A process that is not the service after all closes what it opened ahead;
// a take after that (the SCM handing over late) opens the sinks afresh.
func TestDiscardClosesTheLogOpenedAhead(t *testing.T) {
	fs := &fakeSinks{t: t, registered: true}
	o := openLogAhead(aheadConfig(testtemp.Dir(t)), fs.sinks())
	o.discard()
	if _, _, open := fs.snapshot(); open != 0 || fs.opens != 2 {
		t.Fatalf("after discard: %d open of %d opened, want all closed", open, fs.opens)
	}
	set := o.take()
	if _, _, open := fs.snapshot(); open != 2 {
		t.Fatalf("take after discard: %d open, want the sinks opened afresh", open)
	}
	set.close()
	if _, _, open := fs.snapshot(); open != 0 {
		t.Errorf("%d handles left open", open)
	}
}
