// Command minimal is the runtime's side of the benchmark's runtime figures:
// the bare baseline's program (testdata/bare) written through service.Run —
// it calls ready and waits for the stop, nothing else — so that what it costs
// beyond bare is the runtime's own (lifecycle, event log, log file), apart
// from any product's HTTP stack.
package main

import (
	"context"
	"os"

	"github.com/svcpack/svcpack/service"
)

func main() {
	err := service.Run(service.Config{Name: "svcbench-minimal"}, func(ctx context.Context, ready func()) error {
		ready()
		<-ctx.Done()
		return nil
	})
	os.Exit(service.ExitCode(err))
}
