// Package deps makes sure the host tools the packaging stages run (Wine,
// wixl, msitools, mingw, osslsigncode, PKCS#11 modules) exist, installing
// their Debian packages when it may and naming the exact command when it may
// not.
package deps

import "runtime"

// Tool is a command a stage runs, or a library it loads, and the Debian
// package that provides it. Command is looked up on PATH unless it is an
// absolute path (Debian's wine64 loader lives in /usr/lib/wine, off PATH).
// File is an absolute path that must exist but need not be executable (a
// shared library such as a PKCS#11 module); a Tool sets one of the two.
type Tool struct {
	Command string
	File    string
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
		// A network namespace per prefix (wine.OwnNetwork), so runs beside
		// each other never share a port.
		{Command: "ip", Package: "iproute2"},
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

	// PKCS11 adds what osslsigncode needs to sign with a key on a PKCS#11
	// token: OpenSSL's pkcs11 engine, which loads the token's module. The
	// module itself (a vendor's HSM or cloud KMS library) is the signer's.
	PKCS11 = []Tool{
		{File: PKCS11Engine, Package: "libengine-pkcs11-openssl"},
	}

	// SoftHSM is a software PKCS#11 token and the tools to create a key in it,
	// for tests of PKCS#11 signing: softhsm2-util makes the token,
	// pkcs11-tool (OpenSC) generates the key pair inside it.
	SoftHSM = []Tool{
		{Command: "softhsm2-util", Package: "softhsm2"},
		{File: SoftHSMModule, Package: "libsofthsm2"},
		{Command: "pkcs11-tool", Package: "opensc"},
	}
)

// SoftHSMModule is SoftHSM2's PKCS#11 module; Debian links this
// architecture-neutral path to the multiarch library.
const SoftHSMModule = "/usr/lib/softhsm/libsofthsm2.so"

// PKCS11Engine is where Debian's libengine-pkcs11-openssl puts OpenSSL 3's
// pkcs11 engine on this architecture (OpenSSL's ENGINESDIR, where
// osslsigncode finds it by its id without being told the path).
var PKCS11Engine = "/usr/lib/" + multiarch[runtime.GOARCH] + "/engines-3/pkcs11.so"

// multiarch is Debian's library directory name for each architecture the
// project's hosts may run on.
var multiarch = map[string]string{
	"amd64": "x86_64-linux-gnu",
	"arm64": "aarch64-linux-gnu",
	"386":   "i386-linux-gnu",
}

// All is every tool the pipeline and its tests use, for `mage deps` on a fresh
// machine.
func All() []Tool {
	var all []Tool
	for _, set := range [][]Tool{Wine, Wine386, MSI, Sign, PKCS11, SoftHSM} {
		all = append(all, set...)
	}
	return all
}
