// Package msiwine holds no code, only tests: they build hellosvc's x64 MSI
// and install, upgrade, repair and remove it with Wine's msiexec in a
// throw-away prefix, judging each step by the verbose log and the state of
// the machine (service, files, registry, /healthz), not by msiexec's exit
// code, which Wine does not report as Windows does (PLATFORM.md).
//
// Only x64 is installed here: Wine has no arm64, and 386 needs wine32, which
// Debian ships only with multiarch.
package msiwine
