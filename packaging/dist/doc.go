// Package dist makes a release's files in dist/: goreleaser builds the exes,
// zips and checksums; its post-build hook (Hook, run by ./hook) turns each
// exe into the MSI and its deployment.json entry. Run wraps goreleaser for
// `mage dist` and skips it when nothing that goes in has changed.
package dist
