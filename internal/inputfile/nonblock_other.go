//go:build !unix

package inputfile

// nonBlocking: Windows has no FIFO in the file system; the Stat before the
// open refuses pipes and devices.
const nonBlocking = 0
