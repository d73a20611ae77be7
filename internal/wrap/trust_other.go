//go:build !windows

package wrap

// CheckFiles has nothing to check outside Windows: svcwrap's service mode
// and its installer exist only there (the Linux build is for the tests).
func CheckFiles(exe string, c Config) error { return nil }
