// Command hello is the Windows program the Wine harness tests run: it shows
// that stdout, stderr, stdin, arguments, an environment variable and the exit
// code all cross the Wine boundary; with listen, whether it may bind ADDR.
//
//	hello EXITCODE [stdin | listen ADDR]
package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strconv"
)

func main() {
	code, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "usage: hello EXITCODE [stdin]")
		os.Exit(100)
	}
	fmt.Printf("hello from %s/%s\n", runtime.GOOS, runtime.GOARCH)
	fmt.Printf("probe=%s\n", os.Getenv("SVCPACK_PROBE"))
	fmt.Fprintln(os.Stderr, "to stderr")
	if len(os.Args) > 2 && os.Args[2] == "stdin" {
		in, _ := io.ReadAll(os.Stdin)
		fmt.Printf("stdin=%s\n", in)
	}
	if len(os.Args) > 3 && os.Args[2] == "listen" {
		if ln, err := net.Listen("tcp", os.Args[3]); err != nil {
			fmt.Printf("listen=%v\n", err)
		} else {
			fmt.Println("listen=ok")
			ln.Close()
		}
	}
	os.Exit(code)
}
