//go:build !windows

// Command argvdump is a Windows test program: main_windows.go says what it does.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "argvdump: a Windows test program (packaging/internal/smoke)")
	os.Exit(2)
}
