// Package dist makes a release's files in dist/ with goreleaser, the one
// release engine: .goreleaser.yaml builds the exes, zips and checksums, and
// its post-build hook (Hook, run by ./hook) turns each exe into the MSI and
// its deployment.json entry. Run is `mage dist`: goreleaser's snapshot of
// that file, with the pinned goreleaser, replacing dist/ only when it
// succeeds.
package dist
