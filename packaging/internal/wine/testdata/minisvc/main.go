// Command minisvc is the smallest real Windows service: RUNNING at once,
// STOPPED on Stop. The harness tests use it to observe Wine's SCM. With an
// argument, it first waits that many milliseconds before it connects to the
// SCM (a service slow to start, as a loaded machine makes one).
package main

import (
	"os"
	"strconv"
	"time"

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
	if len(os.Args) > 1 {
		ms, err := strconv.Atoi(os.Args[1])
		if err != nil {
			os.Exit(2)
		}
		time.Sleep(time.Duration(ms) * time.Millisecond)
	}
	if err := svc.Run("svcpack-probe", handler{}); err != nil {
		os.Exit(1)
	}
}
