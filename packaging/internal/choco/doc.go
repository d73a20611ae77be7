// Package choco is the Chocolatey stage: from deployment.json's MSIs of one
// version and svcpack.yaml's channels section it writes the Chocolatey
// package, <id>.<version>.nupkg, without the choco program (which Linux
// build hosts lack).
//
// The .nupkg is a zip laid out as NuGet's own writer lays one out (an Open
// Packaging Conventions package): [Content_Types].xml, _rels/.rels naming
// the .nuspec and the core-properties part, the .nuspec, the core
// properties under package/services/metadata/core-properties/, and the
// scripts under tools/. The scripts download the MSI for the machine's
// architecture from svcpack.yaml's channels.installer_url, check its
// SHA-256, and run deployment.json's own install and uninstall command
// lines; the MSIs are not inside the package (docs/deploy/chocolatey.md
// says why).
package choco
