// Package winget is the winget stage: from deployment.json's MSIs of one
// version and svcpack.yaml's channels section it writes the multi-file
// manifest — version, installer and default-locale files — that winget
// installs the MSIs from and that a pull request to winget-pkgs submits.
//
// Every value that describes an MSI (architecture, hash, ProductCode,
// UpgradeCode, silent switches, return codes) comes from deployment.json,
// which packaging/internal/deploy read from the MSI; the release URL, license, tags
// and identifier are the product file's. The files follow the schema
// version in ManifestVersion; packaging/internal/winget's tests validate them
// against the JSON schemas winget-cli publishes (testdata/schemas).
package winget
