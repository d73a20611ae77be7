// Package packaging is the only door to svcpack's pipeline. The stages (the
// product file's schema, the MSI build, lint, signing, transforms, the
// deployment manifest, ADMX, the release channels, the smoke suite, Wine)
// live in packaging/internal, where Go lets nothing outside packaging/ import
// them: they are not an API. Through this package the svcpack command, whose
// main is cmd/svcpack, runs its command line (Main), and this repository's
// magefile runs its tasks with the few functions beside it.
package packaging
