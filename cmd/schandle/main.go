// Command schandle reports leaked and misused Windows Service Control Manager
// handles (SC_HANDLE) in Go code; see package schandle for what it checks.
//
//	GOOS=windows schandle ./...
//	GOOS=windows go vet -vettool=$(command -v schandle) ./...
//
// Run it with GOOS=windows: the code that opens SC handles is usually in
// _windows.go files, which other GOOS values do not build.
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/svcpack/svcpack/cmd/schandle/schandle"
)

func main() { singlechecker.Main(schandle.Analyzer) }
