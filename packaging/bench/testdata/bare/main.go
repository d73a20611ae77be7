// Command bare is the baseline the benchmark compares the services with: the
// smallest real service on golang.org/x/sys/windows/svc, the shape of x/sys's
// example. Execute reports Running at once and returns on Stop. The service
// name is the first argument of the ImagePath.
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
	name := "svcbench-bare"
	if len(os.Args) > 1 {
		name = os.Args[1]
	}
	if err := svc.Run(name, handler{}); err != nil {
		os.Exit(1)
	}
}
