// Command kardianos is the bare service written with kardianos/service, the
// shape of its example/simple: Start returns at once, Stop returns at once.
// The benchmark asks whether Wine's SCM can start it at all (kardianos
// decides "am I a service?" with svc.IsWindowsService, which is false under
// Wine) and, if it can, how fast. The service name is the first argument of
// the ImagePath, so one binary serves any name.
package main

import (
	"os"

	"github.com/kardianos/service"
)

type program struct{}

func (program) Start(service.Service) error { return nil }
func (program) Stop(service.Service) error  { return nil }

func main() {
	name := "svcbench-kardianos"
	if len(os.Args) > 1 {
		name = os.Args[1]
	}
	s, err := service.New(program{}, &service.Config{Name: name})
	if err != nil {
		os.Exit(1)
	}
	if err := s.Run(); err != nil {
		os.Exit(1)
	}
}
