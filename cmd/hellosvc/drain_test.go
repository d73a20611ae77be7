package main

import (
	"net"
	"net/http"
	"testing"
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
