package main

import (
	"context"
	"net"
	"net/http"
	"sync"
)

// drainer ends a graceful stop as soon as the last in-flight request has
// been answered. http.Server.Shutdown alone notices that only by polling,
// with a back-off that grows to 500 ms, which would add up to half a second
// to every stop under load.
type drainer struct {
	mu       sync.Mutex
	active   map[net.Conn]struct{}
	draining bool
	idle     chan struct{} // closed once draining and no request is active
}

func newDrainer() *drainer {
	return &drainer{active: map[net.Conn]struct{}{}, idle: make(chan struct{})}
}

// track is the server's ConnState hook.
func (d *drainer) track(c net.Conn, s http.ConnState) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if s == http.StateActive {
		d.active[c] = struct{}{}
		return
	}
	delete(d.active, c) // idle, hijacked or closed: no request in flight
	d.signalIfIdle()
}

func (d *drainer) signalIfIdle() {
	if d.draining && len(d.active) == 0 {
		select {
		case <-d.idle:
		default:
			close(d.idle)
		}
	}
}

// drain stops srv from accepting, waits until in-flight requests are answered
// or ctx ends, then closes what is left. It returns ctx's error if requests
// were cut off.
func (d *drainer) drain(ctx context.Context, srv *http.Server) error {
	shutdown := make(chan error, 1)
	go func() { shutdown <- srv.Shutdown(ctx) }()
	d.mu.Lock()
	d.draining = true
	d.signalIfIdle()
	d.mu.Unlock()

	select {
	case <-d.idle:
		// Only idle keep-alive connections are left. Close's error would only
		// repeat that Shutdown closed the listener first.
		_ = srv.Close()
		return nil
	case err := <-shutdown:
		if err != nil {
			srv.Close()
		}
		return err
	}
}
