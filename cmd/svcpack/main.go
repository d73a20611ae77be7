// Command svcpack packages a Windows service described by svcpack.yaml.
// Adopters run it as a Go tool:
//
//	go get -tool github.com/svcpack/svcpack/cmd/svcpack
//	go tool svcpack init --name mysvc --company Contoso
//	go tool svcpack check
//	go tool svcpack settings
//	go tool svcpack msi --exe dist/x.exe --arch amd64 --version 1.2.3
//	go tool svcpack lint dist/x_1.2.3_amd64.msi
//	go tool svcpack describe dist/*.msi > deployment.json
//	go tool svcpack transform --set LISTEN=0.0.0.0:9000 -o site.mst dist/x_1.2.3_amd64.msi
//	go tool svcpack smoke dist/*.msi
//	go tool svcpack admx -o dist
//
// Exit codes: 0 success; 1 the step failed (a build, a lint rule, a smoke
// case, a file that cannot be read, a file init would overwrite); 2 bad
// command line; 3 the product file is missing or invalid.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/svcpack/svcpack/packaging"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := packaging.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
