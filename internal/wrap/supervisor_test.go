package wrap

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeProcess exits with exitCode when told to, on a signal if it obeys
// (and heeds that method, or every method when heeds is nil), or with 1 on
// Kill.
type fakeProcess struct {
	mu      sync.Mutex
	done    chan struct{}
	code    uint32
	obeys   bool
	heeds   map[StopMethod]bool
	signals []StopMethod
	kills   int
	closes  int
}

func newFake(obeys bool) *fakeProcess { return &fakeProcess{done: make(chan struct{}), obeys: obeys} }

func (p *fakeProcess) exit(code uint32) {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.done:
	default:
		p.code = code
		close(p.done)
	}
}
func (p *fakeProcess) Pid() int              { return 42 }
func (p *fakeProcess) Done() <-chan struct{} { return p.done }
func (p *fakeProcess) ExitCode() uint32      { <-p.done; return p.code }
func (p *fakeProcess) Signal(m StopMethod) error {
	p.mu.Lock()
	p.signals = append(p.signals, m)
	p.mu.Unlock()
	if p.obeys && (p.heeds == nil || p.heeds[m]) {
		p.exit(0)
	}
	return nil
}
func (p *fakeProcess) Kill() error  { p.kills++; p.exit(1); return nil }
func (p *fakeProcess) Close() error { p.closes++; return nil }

type harness struct {
	s       *Supervisor
	log     bytes.Buffer
	starts  []*fakeProcess
	delays  []time.Duration
	now     time.Time
	mu      sync.Mutex
	onStart func(*fakeProcess)
}

func newHarness(c Config) *harness {
	h := &harness{now: time.Unix(0, 0)}
	h.s = &Supervisor{
		Config: c,
		Log:    slog.New(slog.NewTextHandler(&syncBuffer{b: &h.log, mu: &h.mu}, nil)),
		Now:    func() time.Time { return h.now },
		// Every wait is over at once, and recorded.
		After: func(d time.Duration) <-chan time.Time {
			h.delays = append(h.delays, d)
			h.now = h.now.Add(d)
			ch := make(chan time.Time, 1)
			ch <- h.now
			return ch
		},
		Start: func(Config, *LineSink) (Process, error) {
			p := newFake(true)
			h.starts = append(h.starts, p)
			if h.onStart != nil {
				h.onStart(p)
			}
			return p, nil
		},
	}
	return h
}

type syncBuffer struct {
	b  *bytes.Buffer
	mu *sync.Mutex
}

func (w *syncBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (h *harness) logText() string { h.mu.Lock(); defer h.mu.Unlock(); return h.log.String() }

func testConfig() Config {
	c, err := Parse([]byte("name: app\nprogram: app.exe\nstop: {grace: 7s}\nrestart: {delay: 1s, max_delay: 4s, max_restarts: 3}\n"), "/", "app")
	if err != nil {
		panic(err)
	}
	return c
}

func TestStopSendsCtrlBreakAndReturnsCleanly(t *testing.T) {
	h := newHarness(testConfig())
	ctx, cancel := context.WithCancel(context.Background())
	readyc := make(chan struct{})
	errc := make(chan error, 1)
	go func() { errc <- h.s.Run(ctx, func() { close(readyc) }) }()
	<-readyc
	cancel()
	if err := <-errc; err != nil {
		t.Fatalf("Run after a stop = %v, want nil", err)
	}
	p := h.starts[0]
	if len(p.signals) != 1 || p.closes != 1 || p.code != 0 {
		t.Errorf("signals %v closes %d exit code %d: want one Ctrl+Break, the program's own exit, the tree released", p.signals, p.closes, p.code)
	}
	if strings.Contains(h.logText(), "did not exit within stop.grace") {
		t.Errorf("log says the grace ran out:\n%s", h.logText())
	}
}

func TestStopEndsTreeAfterGrace(t *testing.T) {
	h := newHarness(testConfig())
	h.onStart = func(p *fakeProcess) { p.obeys = false }
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- h.s.Run(ctx, func() { cancel() }) }()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	p := h.starts[0]
	if len(p.signals) != 1 || p.kills < 1 || len(h.delays) != 1 || h.delays[0] != 7*time.Second {
		t.Errorf("signals %v kills %d waits %v: want Ctrl+Break, the 7s grace, then the tree ended", p.signals, p.kills, h.delays)
	}
	if !strings.Contains(h.logText(), "event_id=203") {
		t.Errorf("no event for the forced end:\n%s", h.logText())
	}
}

func TestRestartsWithBackoffThenGivesUp(t *testing.T) {
	h := newHarness(testConfig())
	h.onStart = func(p *fakeProcess) { p.exit(3) } // fails at once, every time
	ready := 0
	err := h.s.Run(context.Background(), func() { ready++ })
	if !errors.Is(err, ErrGaveUp) || !strings.Contains(err.Error(), "3 restarts") {
		t.Fatalf("Run = %v, want ErrGaveUp after 3 restarts", err)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}
	if len(h.starts) != 4 || ready != 1 || len(h.delays) != 3 || h.delays[0] != want[0] || h.delays[1] != want[1] || h.delays[2] != want[2] {
		t.Errorf("starts %d ready %d delays %v; want 4 starts, ready once, delays %v", len(h.starts), ready, h.delays, want)
	}
	for i, p := range h.starts {
		if p.closes != 1 {
			t.Errorf("run %d: tree released %d times, want 1 (its descendants must not outlive it)", i, p.closes)
		}
	}
	if n := strings.Count(h.logText(), "event_id=201"); n != 3 {
		t.Errorf("%d restart events, want 3:\n%s", n, h.logText())
	}
	if !strings.Contains(h.logText(), "event_id=202") {
		t.Errorf("no give-up event:\n%s", h.logText())
	}
}

func TestCleanExitEndsServiceWithoutRestart(t *testing.T) {
	h := newHarness(testConfig())
	h.onStart = func(p *fakeProcess) { p.exit(0) }
	if err := h.s.Run(context.Background(), func() {}); err != nil || len(h.starts) != 1 {
		t.Errorf("Run = %v after %d starts, want nil after 1", err, len(h.starts))
	}
}

func TestStartErrorFailsTheStart(t *testing.T) {
	h := newHarness(testConfig())
	h.s.Start = func(Config, *LineSink) (Process, error) { return nil, errors.New("file not found") }
	called := false
	err := h.s.Run(context.Background(), func() { called = true })
	if err == nil || called || !strings.Contains(err.Error(), "app.exe") {
		t.Errorf("Run = %v, ready called %v; want the start to fail naming the program", err, called)
	}
}

func TestHealthGatesReady(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens yet

	c := testConfig()
	c.Health = HealthConfig{TCP: addr, Interval: time.Millisecond}
	h := newHarness(c)
	attempts := 0
	var late net.Listener
	after := h.s.After
	h.s.After = func(d time.Duration) <-chan time.Time {
		if attempts++; attempts == 3 {
			late, err = net.Listen("tcp", addr) // the program is ready on the third look
			if err != nil {
				t.Error(err)
			}
		}
		return after(d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	readyAt := -1
	go func() { _ = h.s.Run(ctx, func() { readyAt = attempts; cancel() }) }()
	<-ctx.Done()
	if late != nil {
		late.Close()
	}
	if readyAt != 3 {
		t.Errorf("ready after %d waits, want 3: not before the check passed", readyAt)
	}
}

func TestHealthNeverPassingFailsStart(t *testing.T) {
	c := testConfig()
	c.Health = HealthConfig{HTTP: "http://127.0.0.1:1/healthz", Interval: time.Millisecond}
	h := newHarness(c)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	after := h.s.After
	h.s.After = func(d time.Duration) <-chan time.Time {
		if n++; n == 5 {
			cancel() // what the runtime does at StartTimeout
		}
		return after(d)
	}
	err := h.s.Run(ctx, func() { t.Error("ready before the check passed") })
	if err == nil || !strings.Contains(err.Error(), "health check did not pass") || len(h.starts[0].signals) != 1 {
		t.Errorf("Run = %v, want the health failure, the program stopped", err)
	}
}
