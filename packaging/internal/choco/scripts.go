package choco

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/service/clip"
)

// processorArch maps GOARCH to what Windows says in PROCESSOR_ARCHITECTURE
// (PROCESSOR_ARCHITEW6432 in a 32-bit process on a 64-bit Windows).
var processorArch = map[string]string{"amd64": "AMD64", "386": "x86", "arm64": "ARM64"}

// The command lines' prefixes in deployment.json: what Chocolatey's helpers
// run themselves (msiexec /i "<downloaded file>", msiexec /x), so that the
// rest is their -SilentArgs.
const (
	installPrefix   = `msiexec /i "%s" `
	uninstallPrefix = "msiexec /x "
)

// scriptArgs are one MSI's silent arguments, as deployment.json writes them
// (for cmd.exe: %WINDIR% is expanded by the script before msiexec runs).
type scriptArgs struct {
	arch, url, sha256, productCode, install, uninstall string
}

func argsOf(p *product.Product, pkg deploy.Package) (scriptArgs, error) {
	arch, ok := processorArch[pkg.Arch]
	if !ok {
		return scriptArgs{}, fmt.Errorf("%s: arch %s: want amd64, 386 or arm64", pkg.File, clip.Quote(pkg.Arch))
	}
	prefix := fmt.Sprintf(installPrefix, pkg.File)
	install, ok := strings.CutPrefix(pkg.Install, prefix)
	if !ok {
		return scriptArgs{}, fmt.Errorf("%s's install command line %s: want it to start %s", pkg.File, clip.Quote(pkg.Install), prefix)
	}
	uninstall, ok := strings.CutPrefix(pkg.Uninstall, uninstallPrefix+pkg.ProductCode+" ")
	if !ok {
		return scriptArgs{}, fmt.Errorf("%s's uninstall command line %s: want it to start %s%s", pkg.File, clip.Quote(pkg.Uninstall), uninstallPrefix, pkg.ProductCode)
	}
	return scriptArgs{
		arch: arch, url: product.InstallerURL(p.Channels.InstallerURL, pkg.Version, pkg.File), sha256: pkg.SHA256,
		productCode: pkg.ProductCode, install: install, uninstall: pkg.ProductCode + " " + uninstall,
	}, nil
}

// psQuote is a PowerShell single-quoted string: nothing in it is expanded.
//
// PowerShell ends a single-quoted string at any of ' ‘ ’ ‚ ‛ (U+0027,
// U+2018–U+201B) and reads each doubled as one: every one is doubled.
func psQuote(s string) string { return "'" + psSingleQuotes.Replace(s) + "'" }

var psSingleQuotes = strings.NewReplacer("'", "''", "\u2018", "\u2018\u2018", "\u2019", "\u2019\u2019", "\u201a", "\u201a\u201a", "\u201b", "\u201b\u201b")

// validExitCodes are the codes deployment.json counts as done: success and
// both reboots.
func validExitCodes(m deploy.Manifest) string {
	var codes []int
	for c, kind := range m.ReturnCodeKinds {
		if kind == deploy.KindSuccess || kind == deploy.KindSoftReboot || kind == deploy.KindHardReboot {
			n, _ := strconv.Atoi(c)
			codes = append(codes, n)
		}
	}
	slices.Sort(codes)
	s := make([]string, len(codes))
	for i, n := range codes {
		s[i] = strconv.Itoa(n)
	}
	return "@(" + strings.Join(s, ", ") + ")"
}

const scriptHead = "# Created by svcpack from deployment.json and svcpack.yaml (docs/deploy/chocolatey.md).\r\n" +
	"# The arguments are deployment.json's command lines; %WINDIR% is expanded here, as cmd.exe would.\r\n" +
	"$ErrorActionPreference = 'Stop'\r\n"

// installScript picks the MSI of the machine's architecture (x86 when
// Chocolatey is told --x86) and lets Install-ChocolateyPackage download it,
// check its SHA-256 and run msiexec /i with deployment.json's arguments.
// The one URL and checksum go to both the 32- and 64-bit parameters: the
// script, not Chocolatey's 32/64-bit guess, chooses among three arches.
func installScript(all []scriptArgs, exitCodes string) string {
	var b strings.Builder
	b.WriteString(scriptHead)
	b.WriteString("$msis = @{\r\n")
	for _, a := range all {
		fmt.Fprintf(&b, "  %s = @{ Url = %s; Sha256 = %s; SilentArgs = %s }\r\n", psQuote(a.arch), psQuote(a.url), psQuote(a.sha256), psQuote(a.install))
	}
	b.WriteString("}\r\n")
	b.WriteString(`$arch = if ($env:PROCESSOR_ARCHITEW6432) { $env:PROCESSOR_ARCHITEW6432 } else { $env:PROCESSOR_ARCHITECTURE }` + "\r\n")
	b.WriteString(`if ($env:ChocolateyForceX86 -eq 'true') { $arch = 'x86' }` + "\r\n")
	b.WriteString(`$msi = $msis[$arch]` + "\r\n")
	b.WriteString(`if (-not $msi) { throw "$env:ChocolateyPackageName has no MSI for $arch, only for $($msis.Keys -join ', ')" }` + "\r\n")
	b.WriteString("Install-ChocolateyPackage -PackageName $env:ChocolateyPackageName -FileType 'msi' `\r\n")
	b.WriteString("  -Url $msi.Url -Url64bit $msi.Url `\r\n")
	b.WriteString("  -Checksum $msi.Sha256 -ChecksumType 'sha256' -Checksum64 $msi.Sha256 -ChecksumType64 'sha256' `\r\n")
	b.WriteString("  -SilentArgs ([Environment]::ExpandEnvironmentVariables($msi.SilentArgs)) `\r\n")
	fmt.Fprintf(&b, "  -ValidExitCodes %s\r\n", exitCodes)
	return b.String()
}

// uninstallScript removes whichever of the package's MSIs is installed (by
// its ProductCode's Programs and Features key) with deployment.json's
// uninstall command line: Uninstall-ChocolateyPackage runs msiexec /x and
// the arguments, which start with the ProductCode.
func uninstallScript(all []scriptArgs, exitCodes string) string {
	var b strings.Builder
	b.WriteString(scriptHead)
	b.WriteString("$msis = @(\r\n")
	for _, a := range all {
		fmt.Fprintf(&b, "  @{ ProductCode = %s; SilentArgs = %s }\r\n", psQuote(a.productCode), psQuote(a.uninstall))
	}
	b.WriteString(")\r\n")
	b.WriteString("$removed = 0\r\n")
	b.WriteString("foreach ($msi in $msis) {\r\n")
	b.WriteString(`  $keys = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall', 'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall'` + "\r\n")
	b.WriteString(`  if (-not ($keys | Where-Object { Test-Path (Join-Path $_ $msi.ProductCode) })) { continue }` + "\r\n")
	b.WriteString("  Uninstall-ChocolateyPackage -PackageName $env:ChocolateyPackageName -FileType 'msi' -File '' `\r\n")
	b.WriteString("    -SilentArgs ([Environment]::ExpandEnvironmentVariables($msi.SilentArgs)) `\r\n")
	fmt.Fprintf(&b, "    -ValidExitCodes %s\r\n", exitCodes)
	b.WriteString("  $removed++\r\n")
	b.WriteString("}\r\n")
	b.WriteString(`if ($removed -eq 0) { Write-Warning "$env:ChocolateyPackageName is not installed: none of its ProductCodes is in Programs and Features" }` + "\r\n")
	return b.String()
}
