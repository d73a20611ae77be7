// Command minisvc is the smallest real Windows service: RUNNING at once,
// STOPPED on Stop. The harness tests use it to observe Wine's SCM.
package main

import (
	"os"

	"golang.org/x/sys/windows/svc"
)

type handler struct{}

func (handler) Execute(_ []string, req <-chan svc.ChangeRequest, status chan<- svc.Status) (bool, uint32) {
	status <- svc.Status{State: svc.Running, Accepts: svc.AcceptStop | svc.AcceptShutdown}
	for c := range req {
		switch c.Cmd {
		case svc.Interrogate:
			status <- c.CurrentStatus
		case svc.Stop, svc.Shutdown:
			return false, 0
		}
	}
	return false, 0
}

func main() {
	if err := svc.Run("svcpack-probe", handler{}); err != nil {
		os.Exit(1)
	}
}
