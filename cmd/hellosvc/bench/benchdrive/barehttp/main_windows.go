// Command barehttp is hellosvc's HTTP server written on bare
// golang.org/x/sys/windows/svc, without svcpack: the baseline of the bench's
// "sc start → RUNNING: hellosvc / the same HTTP server on bare x/sys" figure,
// so that the figure measures what svcpack adds to a real service, not what
// net/http costs. Like hellosvc it binds its address, then reports Running,
// answers GET /healthz, and drains with http.Server.Shutdown on Stop. What it
// leaves out is what svcpack gives hellosvc: the config file and policy, the
// event log and log file, the status protocol's checkpoints.
//
//	barehttp SERVICE-NAME LISTEN-ADDRESS   (its ImagePath's arguments)
package main

import (
	"context"
	"net"
	"net/http"
	"os"
	"time"

	"golang.org/x/sys/windows/svc"
)

// The same bounds as hellosvc's server (cmd/hellosvc/server.go).
const (
	readHeaderTimeout = 10 * time.Second
	drainTimeout      = 12 * time.Second
)

type server struct{ addr string }

func (s server) Execute(_ []string, req <-chan svc.ChangeRequest, status chan<- svc.Status) (bool, uint32) {
	status <- svc.Status{State: svc.StartPending}
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return true, 1
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok"))
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: readHeaderTimeout}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	status <- svc.Status{State: svc.Running, Accepts: svc.AcceptStop | svc.AcceptShutdown}
	for {
		select {
		case <-served:
			return true, 2
		case c := <-req:
			switch c.Cmd {
			case svc.Interrogate:
				status <- c.CurrentStatus
			case svc.Stop, svc.Shutdown:
				status <- svc.Status{State: svc.StopPending}
				ctx, cancel := context.WithTimeout(context.Background(), drainTimeout)
				defer cancel()
				if srv.Shutdown(ctx) != nil {
					return true, 3
				}
				return false, 0
			}
		}
	}
}

func main() {
	if len(os.Args) != 3 {
		os.Exit(2)
	}
	if err := svc.Run(os.Args[1], server{addr: os.Args[2]}); err != nil {
		os.Exit(1)
	}
}
