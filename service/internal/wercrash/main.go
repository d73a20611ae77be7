// Command svcpackwercrash is a service that crashes on purpose once it is
// running: a goroutine panics and nothing recovers it, the kind of fatal
// error the runtime cannot turn into an exit code. Its Windows test
// (wercrash_windows_test.go) installs it, registers WER LocalDumps for it as
// the MSI does for a product, and finds the dump the crash leaves in
// %ProgramData%\svcpackwercrash\dumps. It exists only for that test.
package main

import (
	"context"
	"os"

	"github.com/svcpack/svcpack/service"
)

// name is the service name, the exe's base name and the LocalDumps key's.
const name = "svcpackwercrash"

func main() {
	err := service.Run(service.Config{Name: name}, func(ctx context.Context, ready func()) error {
		ready()
		go func() { panic(name + ": crash on purpose, for a Windows Error Reporting dump") }()
		<-ctx.Done()
		return nil
	})
	os.Exit(service.ExitCode(err))
}
