package service

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/svcpack/svcpack/service/exitcode"
	"github.com/svcpack/svcpack/service/internal/rotate"
)

// fakeSinks records what reaches the event log and the log file, and fails
// the test when anything is written through a handle after its Close.
type fakeSinks struct {
	t          *testing.T
	mu         sync.Mutex
	registered bool
	noEvents   bool // the event log cannot be opened
	events     []string
	file       strings.Builder
	opens      int // file and event log opens
	open       int // handles open now
	policy     rotate.Policy
}

type fakeHandle struct {
	s      *fakeSinks
	closed bool
}

func (h *fakeHandle) use(what, text string) error {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	if h.closed {
		h.s.t.Errorf("%s written through a closed handle: %.100q", what, text)
		return errors.New("closed handle")
	}
	if what == "event" {
		h.s.events = append(h.s.events, text)
	} else {
		h.s.file.WriteString(text)
	}
	return nil
}

func (h *fakeHandle) Close() error {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	if h.closed {
		h.s.t.Error("handle closed twice")
	}
	h.closed = true
	h.s.open--
	return nil
}

type fakeEvents struct{ fakeHandle }

func (e *fakeEvents) Info(_ uint32, msg string) error    { return e.use("event", msg) }
func (e *fakeEvents) Warning(_ uint32, msg string) error { return e.use("event", msg) }
func (e *fakeEvents) Error(_ uint32, msg string) error   { return e.use("event", msg) }

type fakeFile struct{ fakeHandle }

func (f *fakeFile) Write(p []byte) (int, error) { return len(p), f.use("file", string(p)) }

func (s *fakeSinks) sinks() logSinks {
	return logSinks{
		openEvents: func(string) (eventWriteCloser, error) {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.noEvents {
				return nil, errors.New("no event log")
			}
			s.opens++
			s.open++
			return &fakeEvents{fakeHandle{s: s}}, nil
		},
		sourceRegistered: func(string) (bool, error) { return s.registered, nil },
		openFile: func(_, _ string, p rotate.Policy) (io.WriteCloser, error) {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.policy = p
			s.opens++
			s.open++
			return &fakeFile{fakeHandle{s: s}}, nil
		},
		fallback: io.Discard,
	}
}

func (s *fakeSinks) snapshot() (events []string, file string, open int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.events...), s.file.String(), s.open
}

func TestServiceLogSaysWhenTheEventSourceIsNotRegistered(t *testing.T) {
	for _, registered := range []bool{false, true} {
		fs := &fakeSinks{t: t, registered: registered}
		cfg := Config{Name: "svc"}.withDefaults()
		log, gate := newServiceLog(cfg, fs.sinks(), openSinks(cfg, fs.sinks()))
		log.Info("hello")
		gate.Close()
		events, file, open := fs.snapshot()
		warned := strings.Contains(file, `event log source \"svc\" is not registered`) &&
			strings.Contains(file, "run `svc service configure` as administrator")
		if warned == registered {
			t.Errorf("source registered=%v: warning in the log file=%v:\n%s", registered, warned, file)
		}
		if got := len(events) > 1 && strings.Contains(events[0], `event log source "svc" is not registered`); got == registered {
			t.Errorf("source registered=%v: warning event=%v: %q", registered, got, events)
		}
		if !strings.Contains(events[len(events)-1], "hello") {
			t.Errorf("events are not written when the source is not registered: %q", events)
		}
		if open != 0 {
			t.Errorf("%d handles left open after Close", open)
		}
	}
}

// After a stop timeout the program still runs and may log. Its records must
// reach the log file and the event log, and never a closed handle.
func TestServeStopTimeoutProgramLogsAfterwards(t *testing.T) {
	saved := slog.Default()
	defer slog.SetDefault(saved)
	fs := &fakeSinks{t: t, registered: true}
	clk := newFakeClock()
	controls := make(chan control)
	reports := make(chan status, 64)
	stopped, release, finished := make(chan struct{}), make(chan struct{}), make(chan struct{})
	cfg := Config{Name: "svc", StartTimeout: testStartTimeout, StopTimeout: testStopTimeout}.withDefaults()

	type result struct {
		code uint32
		err  error
	}
	served := make(chan result, 1)
	go func() {
		code, err := serve(cfg, func(ctx context.Context, ready func()) error {
			ready()
			<-ctx.Done()
			close(stopped)
			<-release // a drain stuck past StopTimeout
			slog.Info("late record from a stuck drain")
			slog.Default().With("k", "v").WithGroup("g").Warn("another", "n", 1)
			close(finished)
			return nil
		}, openLogAhead(cfg, fs.sinks()), controls, func(s status) { reports <- s }, clk)
		served <- result{code, err}
	}()
	for s := range reports {
		if s.State == stateRunning {
			break
		}
	}
	controls <- controlStop
	<-stopped
	// The run func sees ctx.Done as soon as the stop cancels it, which can be
	// before the stop timer starts; STOP_PENDING is reported after it.
	for s := range reports {
		if s.State == stateStopPending {
			break
		}
	}
	clk.fire(t, testStopTimeout)
	r := <-served
	if exitcode.Of(r.err) != exitcode.StopTimeout || r.code != 0 {
		t.Fatalf("serve = %d, %v; want a clean stop reported and the stop timeout returned", r.code, r.err)
	}
	if _, _, open := fs.snapshot(); open != 0 {
		t.Fatalf("%d log handles still open after serve returned", open)
	}

	close(release)
	<-finished
	events, file, open := fs.snapshot()
	for _, want := range []string{`msg="late record from a stuck drain"`, `msg=another k=v g.n=1`} {
		if !strings.Contains(file, want) {
			t.Errorf("log file lacks %s:\n%s", want, file)
		}
	}
	if last := events[len(events)-1]; !strings.Contains(last, "another\r\nk: v\r\ng.n: 1") {
		t.Errorf("last event %q, want the late record", last)
	}
	if open != 0 {
		t.Errorf("%d log handles left open by late records", open)
	}
}

// The log file rotates as Config.Log says: size, count, age, time and
// compression reach the rotating file, the defaults filled in.
func TestServiceLogFileFollowsLogConfig(t *testing.T) {
	s := &fakeSinks{t: t, registered: true}
	cfg := Config{Name: "svc", Log: LogConfig{MaxAge: 72 * time.Hour, Every: 24 * time.Hour, Compress: true}}.withDefaults()
	_, g := newServiceLog(cfg, s.sinks(), openSinks(cfg, s.sinks()))
	g.Close()
	want := rotate.Policy{MaxBytes: defaultLogMaxBytes, MaxFiles: defaultLogMaxFiles, MaxAge: 72 * time.Hour, Every: 24 * time.Hour, Compress: true}
	if s.policy.MaxBytes != want.MaxBytes || s.policy.MaxFiles != want.MaxFiles || s.policy.MaxAge != want.MaxAge ||
		s.policy.Every != want.Every || s.policy.Compress != want.Compress {
		t.Errorf("the log file opened with %+v, want %+v", s.policy, want)
	}
}
