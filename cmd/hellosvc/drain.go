package main

import (
	"context"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
)

// drainer ends a graceful stop as soon as the last in-flight request has
// been answered. http.Server.Shutdown alone notices that only by polling,
// with a back-off that grows to 500 ms, which would add up to half a second
// to every stop under load.
//
// A request is in flight from its first byte: net/http reports a connection
// StateActive only once the request's headers are complete, so a connection
// still in StateNew may be half-way through its headers. The drainer counts
// such a connection as in flight when any byte has arrived on it (its
// listener marks that), so a request whose headers are still arriving at
// Stop is served, not cut off. A connection that has sent nothing is not
// waited for. All of it is bounded: the drain by drainTimeout, the headers by
// the server's ReadHeaderTimeout.
type drainer struct {
	mu       sync.Mutex
	active   map[net.Conn]struct{} // StateActive: a request is being served
	fresh    map[net.Conn]struct{} // StateNew: connected, headers not complete
	ln       net.Listener          // from listener
	draining bool
	idle     chan struct{} // closed once draining and no request is in flight
}

func newDrainer() *drainer {
	return &drainer{active: map[net.Conn]struct{}{}, fresh: map[net.Conn]struct{}{}, idle: make(chan struct{})}
}

// listener wraps ln so the drainer can tell which new connections have
// begun sending a request, and close it when the drain begins. Serve srv on
// the result.
func (d *drainer) listener(ln net.Listener) net.Listener {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ln = markingListener{ln}
	return d.ln
}

// track is the server's ConnState hook.
func (d *drainer) track(c net.Conn, s http.ConnState) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch s {
	case http.StateNew:
		d.fresh[c] = struct{}{}
		return
	case http.StateActive:
		delete(d.fresh, c)
		d.active[c] = struct{}{}
		return
	}
	delete(d.fresh, c)
	delete(d.active, c) // idle, hijacked or closed: no request in flight
	d.signalIfIdle()
}

func (d *drainer) signalIfIdle() {
	if !d.draining || len(d.active) > 0 {
		return
	}
	for c := range d.fresh {
		if begun(c) {
			return // its request is arriving: it will turn active, then idle
		}
	}
	select {
	case <-d.idle:
	default:
		close(d.idle)
	}
}

// drain stops srv from accepting, waits until in-flight requests are answered
// or ctx ends, then closes what is left. It returns ctx's error if requests
// were cut off.
//
// It does not call srv.Shutdown: once Shutdown has begun, net/http drops a
// request whose headers complete afterwards without an answer. Instead the
// listener is closed, keep-alives are turned off (each connection closes
// after its current response; net/http closes the idle ones now, and a new
// one that has sent nothing for 5 seconds), and the drainer's own count says
// when nothing is in flight.
func (d *drainer) drain(ctx context.Context, srv *http.Server) error {
	d.mu.Lock()
	d.draining = true
	ln := d.ln
	d.signalIfIdle()
	d.mu.Unlock()
	if ln != nil {
		_ = ln.Close() // Serve returns; its connections live on
	}
	srv.SetKeepAlivesEnabled(false)

	select {
	case <-d.idle:
		// Only connections that sent nothing are left. Close's error would
		// only repeat that the listener is closed.
		_ = srv.Close()
		return nil
	case <-ctx.Done():
		_ = srv.Close()
		return ctx.Err()
	}
}

// markingListener hands out connections that remember whether anything
// has been read from them.
type markingListener struct{ net.Listener }

func (l markingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &markingConn{Conn: c}, nil
}

type markingConn struct {
	net.Conn
	read atomic.Bool
}

func (c *markingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.read.Store(true)
	}
	return n, err
}

// begun tells whether a request has begun to arrive on c.
func begun(c net.Conn) bool {
	m, ok := c.(*markingConn)
	return ok && m.read.Load()
}
