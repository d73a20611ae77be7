// Package dist makes a release's files in dist/ with goreleaser, the one
// release engine: .goreleaser.yaml (what `svcpack init` writes for
// svcpack.yaml) builds the exes, zips and checksums, and its post-build hooks,
// the public `go tool svcpack msi`, `admx` and channel commands, turn each exe
// into the MSI and deployment.json. Run is `mage dist`: goreleaser's snapshot of
// that file, with the pinned goreleaser, replacing dist/ only when it
// succeeds.
package dist
