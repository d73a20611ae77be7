package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

const (
	// stopTimeout is how long the runtime lets run drain after a stop request.
	stopTimeout = 15 * time.Second
	// drainTimeout ends the graceful drain early enough to close what is left
	// and return before stopTimeout, so a slow client costs its request, not
	// a stop-timeout failure of the service.
	drainTimeout = stopTimeout - 3*time.Second
)

// run is the service: it reads the config and the policy over it, binds the
// address, reports ready, and serves until ctx is cancelled; then it lets
// in-flight requests finish. Nothing is bound when the config is invalid.
// A policy change while it runs is logged as needing a restart (settings.go).
func run(ctx context.Context, configPath string, ready func()) error {
	f := conf.WithPath(configPath)
	v, err := f.Load()
	if err != nil {
		return err
	}
	go f.Watch(ctx, v, nil) // listen's policy needs a restart: Watch logs a change
	ln, err := net.Listen("tcp", v.Text("listen"))
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	drain := newDrainer()
	srv := newServer(v.Bool("demo_delay_endpoint"), drain)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(drain.listener(ln)) }()
	slog.Info("hellosvc serving", "addr", ln.Addr().String(), "config", configPath, "version", version)
	ready()

	select {
	case err := <-served:
		return fmt.Errorf("serve on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	slog.Info("hellosvc stopping: finishing in-flight requests", "limit", drainTimeout)
	drainCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), drainTimeout)
	defer cancel()
	if err := drain.drain(drainCtx, srv); err != nil {
		return fmt.Errorf("stop: requests still running after %s were cut off: %w", drainTimeout, err)
	}
	<-served // the closed listener's error: drain closed it first
	slog.Info("hellosvc stopped")
	return nil
}

// newServer is the HTTP server run serves, its connections tracked by drain
// (serve it on drain.listener).
func newServer(delayEndpoint bool, drain *drainer) *http.Server {
	return &http.Server{
		Handler:           routes(delayEndpoint),
		ConnState:         drain.track,
		ReadHeaderTimeout: 10 * time.Second, // a client that never finishes its headers must not hold a connection
		ErrorLog:          slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn),
	}
}

func routes(delayEndpoint bool) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok"))
	})
	mux.HandleFunc("GET /version", handleVersion)
	if delayEndpoint {
		mux.HandleFunc("GET /delay", handleDelay)
	}
	return mux
}

const maxDelay = 60 * time.Second

// handleDelay answers GET /delay?d=2s after d: a request that is still in
// flight when the service is stopped, to watch it finish. The first line goes
// out at once, so the client (and a test) knows the request is being served.
func handleDelay(w http.ResponseWriter, r *http.Request) {
	d, err := time.ParseDuration(r.URL.Query().Get("d"))
	if err != nil || d < 0 || d > maxDelay {
		http.Error(w, fmt.Sprintf("d must be a duration from 0s to %s, e.g. /delay?d=2s", maxDelay), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "waiting %s\n", d)
	http.NewResponseController(w).Flush()
	select {
	case <-time.After(d):
		fmt.Fprintf(w, "done after %s\n", d)
	case <-r.Context().Done(): // the client left; nobody waits for the answer
	}
}
