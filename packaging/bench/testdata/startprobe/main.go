// Command startprobe does, in order, what its arguments name and nothing
// else; the benchmark times and weighs it to take a service's start apart.
//
//	(no arguments)  a Go process and nothing more: the floor of every start
//	knownfolder     SHGetKnownFolderPath(ProgramData), as service.DataDir does
//	console         FreeConsole, then AllocConsole: a console of its own, as svcwrap
//	                makes one to signal its program (a service has none)
//	sleep           stay alive, for a working-set sample
package main

import (
	"os"
	"time"

	"golang.org/x/sys/windows"
)

func main() {
	for _, a := range os.Args[1:] {
		switch a {
		case "knownfolder":
			if _, err := windows.KnownFolderPath(windows.FOLDERID_ProgramData, 0); err != nil {
				os.Exit(1)
			}
		case "console":
			k := windows.NewLazySystemDLL("kernel32.dll")
			k.NewProc("FreeConsole").Call()
			if r, _, _ := k.NewProc("AllocConsole").Call(); r == 0 {
				os.Exit(1)
			}
		case "sleep":
			time.Sleep(time.Hour)
		default:
			os.Exit(2)
		}
	}
}
