// Command startprobe does, in order, what its arguments name and nothing
// else; the benchmark times and weighs it to take a service's start apart.
//
//	(no arguments)  a Go process and nothing more: the floor of every start
//	knownfolder     SHGetKnownFolderPath(ProgramData), as service.DataDir does
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
		case "sleep":
			time.Sleep(time.Hour)
		default:
			os.Exit(2)
		}
	}
}
