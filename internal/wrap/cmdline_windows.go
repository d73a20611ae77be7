package wrap

import "golang.org/x/sys/windows"

// CommandLine is the command line CreateProcess gets: each argument quoted by
// the rules CommandLineToArgvW and the C runtime parse back, so an argument
// with spaces, tabs, quotes or trailing backslashes arrives as written.
func CommandLine(program string, args []string) string {
	return windows.ComposeCommandLine(append([]string{program}, args...))
}
