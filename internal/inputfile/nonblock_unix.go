//go:build unix

package inputfile

import "syscall"

// nonBlocking makes opening a named pipe return at once instead of waiting
// for a writer (the handle is then refused as not a regular file).
const nonBlocking = syscall.O_NONBLOCK
