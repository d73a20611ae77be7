package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

func idleSignalled(d *drainer) bool {
	select {
	case <-d.idle:
		return true
	default:
		return false
	}
}

func TestDrainerSignalsWhenTheLastRequestEnds(t *testing.T) {
	d := newDrainer()
	a, b, c := &net.TCPConn{}, &net.TCPConn{}, &net.TCPConn{}
	d.track(a, http.StateNew)
	d.track(a, http.StateActive)
	d.track(b, http.StateActive)
	d.track(c, http.StateNew) // connected, no request yet: nothing to wait for
	d.track(a, http.StateIdle)
	if idleSignalled(d) {
		t.Fatal("idle signalled before draining began")
	}

	d.mu.Lock()
	d.draining = true
	d.signalIfIdle()
	d.mu.Unlock()
	if idleSignalled(d) {
		t.Fatal("idle signalled with b's request in flight")
	}
	d.track(a, http.StateActive) // a keep-alive request arriving during the drain
	d.track(b, http.StateClosed)
	if idleSignalled(d) {
		t.Fatal("idle signalled with a's request in flight")
	}
	d.track(a, http.StateIdle)
	if !idleSignalled(d) {
		t.Fatal("no signal after the last request ended")
	}
	d.track(a, http.StateClosed) // signalling twice must not panic
}

func TestDrainerSignalsAtOnceWhenNothingIsInFlight(t *testing.T) {
	d := newDrainer()
	d.mu.Lock()
	d.draining = true
	d.signalIfIdle()
	d.mu.Unlock()
	if !idleSignalled(d) {
		t.Fatal("an idle server must stop without waiting")
	}
}

// waitFor polls cond under d.mu: a synchronisation, not a timing.
func waitFor(t *testing.T, d *drainer, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		d.mu.Lock()
		ok := cond()
		d.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// A client whose request headers are still arriving when the stop comes is
// served in full: net/http calls the connection StateNew until the headers
// are complete, and the drain must not take that for idle.
func TestDrainServesARequestWhoseHeadersAreArrivingAtStop(t *testing.T) {
	d := newDrainer()
	srv := newServer(false, d)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(d.listener(ln)) }()
	defer srv.Close()

	// Another client connected without sending anything: not waited for.
	silent, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("GET /healthz HTTP/1.1\r\nHost: hellosvc\r\n")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, d, "the server to read the first header lines", func() bool {
		n := 0
		for fc := range d.fresh {
			if begun(fc) {
				n++
			}
		}
		return n == 1 && len(d.fresh) == 2
	})

	drained := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), drainTimeout)
		defer cancel()
		drained <- d.drain(ctx, srv)
	}()
	waitFor(t, d, "the drain to begin", func() bool { return d.draining })
	if idleSignalled(d) {
		t.Fatal("the drain took a connection with half a request for idle")
	}

	if _, err := c.Write([]byte("User-Agent: slow\r\n\r\n")); err != nil {
		t.Fatalf("the rest of the headers could not be sent: %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no response to a request whose headers arrived across the stop: %v", err)
	}
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || string(body) != "ok" || err != nil {
		t.Fatalf("response %d %q, %v; want 200 ok", resp.StatusCode, body, err)
	}
	if err := <-drained; err != nil {
		t.Fatalf("drain: %v", err)
	}
	if err := <-served; !errors.Is(err, net.ErrClosed) {
		t.Fatalf("serve: %v, want the closed listener's error", err)
	}
}
