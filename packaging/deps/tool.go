// Package deps makes sure the host tools the packaging stages run (Wine,
// wixl, msitools, mingw, osslsigncode) exist, installing their Debian
// packages when it may and naming the exact command when it may not.
package deps

// Tool is a command a stage runs and the Debian package that provides it.
// Command is looked up on PATH unless it is an absolute path (Debian's wine64
// loader lives in /usr/lib/wine, off PATH).
type Tool struct {
	Command string
	Package string
}

// The tool sets the stages need. They are plain slices so a caller can
// combine them: deps.Ensure(ctx, append(deps.MSI, deps.Sign...)...).
var (
	// Wine runs Windows binaries and services, and builds the ProcessPrng
	// shim that Go >= 1.22 binaries need on Wine 8.0.
	Wine = []Tool{
		{Command: "wine", Package: "wine"},
		{Command: "wineserver", Package: "wine"},
		{Command: "/usr/lib/wine/wine64", Package: "wine64"},
		{Command: "x86_64-w64-mingw32-gcc", Package: "gcc-mingw-w64-x86-64"},
	}

	// Wine386 adds the i686 compiler for the 32-bit shim. Running 386
	// binaries also needs wine32:i386, which needs multiarch: not done here.
	Wine386 = []Tool{
		{Command: "i686-w64-mingw32-gcc", Package: "gcc-mingw-w64-i686"},
	}

	// MSI builds and patches Windows Installer packages.
	MSI = []Tool{
		{Command: "wixl", Package: "wixl"},
		{Command: "msiinfo", Package: "msitools"},
		{Command: "msibuild", Package: "msitools"},
	}

	// Sign signs PE files and MSIs and makes throw-away test certificates.
	Sign = []Tool{
		{Command: "osslsigncode", Package: "osslsigncode"},
		{Command: "openssl", Package: "openssl"},
	}
)

// All is every tool the pipeline uses, for `mage deps` on a fresh machine.
func All() []Tool {
	var all []Tool
	for _, set := range [][]Tool{Wine, Wine386, MSI, Sign} {
		all = append(all, set...)
	}
	return all
}
