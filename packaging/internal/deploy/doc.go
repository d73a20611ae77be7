// Package deploy writes deployment.json: for each MSI of a release, what an
// SCCM, Intune or Group Policy admin needs to deploy it and to write a
// detection rule — ProductCode, UpgradeCode, versions, architecture, SHA-256,
// and the silent install, uninstall and log command lines. Everything is read
// back from the built MSI, so the manifest says what the package really holds.
package deploy
