// Package smoke is the MSI smoke suite for any svcpack product: Windows tests
// (*_windows_test.go, the runner) that install, upgrade, repair and remove
// the product's real x64 MSI with msiexec and judge each step by the state of
// the machine — the SCM, the registry, Add/Remove Programs, files, and the
// service's HTTP answers. Every name the cases check (service, account,
// installer key, folders, properties and their good and bad examples, the
// health URL and the request that must succeed) comes from the product file,
// svcpack.yaml (packaging/internal/product); nothing of one product is written here.
//
//	go tool svcpack smoke dist/*.msi     # an adopter, from the module root
//	go tool mage smoke                   # this repository: BuildMSIs, then Run
//
// Run compiles the runner with `go test` for windows/amd64 in the module that
// holds the product file (svcpack is a dependency there) and runs it: under
// Wine in a fresh prefix on Linux (packaging/internal/wine), natively on Windows
// (elevated, on a machine without the product). It passes the product file
// and the packages through EnvProduct and EnvMSIs.
//
// The packages' roles (Roles, read through msi.dll from each package's
// Property table and summary): v1, the lowest ProductVersion, for fresh
// installs and the upgrade's "before"; v2, the next higher version given,
// for its "after" (v1 over it is a downgrade). With one version only, the
// runner derives v2 from v1 — ProductVersion's third field + 1, a new
// ProductCode and package code, the Upgrade table's bounds moved — and it
// always derives two packages that share v1's version with different
// ProductCodes (each upgrades the other) for the repeated-upgrade case. The
// derivation runs inside the runner through msi.dll (MsiOpenDatabase, SQL
// UPDATE, MsiSummaryInfoSetProperty), not on Linux with msitools: the same
// code then derives the packages under Wine and on a Windows machine that has
// no msitools, and Windows Installer itself writes the database.
//
// The suite needs a machine without the product: every case starts by
// checking that nothing of it is there and ends by removing what it
// installed, so cases can run alone (--run) or in any order, but not beside
// another install of the product.
//
// The repository's own run adds the argv recorder package (EnvArgvDump,
// ./packaging/internal/smoke/argvdump as the product's program): hostile values of
// each property that reaches a setting prove that no property reaches a
// custom action's command line. A product's own behaviour (the drain of a
// request in flight, for one) belongs in the product's own tests.
//
// A wrapped product (svcpack.yaml's wrap section, run by svcwrap) has cases
// of its own (wrap_windows_test.go), driven by what the section declares:
// the pre_start hook, the first stop step, rotation by time with
// compression, and, with smoke.exit_path, each list of exit_codes. A
// product with service.dependencies has them checked in the SCM and started
// first (dependencies_windows_test.go).
//
// What Wine cannot show (recovery actions, delayed start, SID type, the
// preshutdown timeout, events read back, the service's token, rollback of a
// failed upgrade) is asserted too; under Wine those checks end as SKIP with
// the marker "NOT VERIFIABLE HERE", never as a pass. What only Wine needs
// (msiexec started again on ERROR_INTERNAL_ERROR, the service stopped before
// a repair seconds after its start, a repair spelt as properties) lives in
// the runner's harness, commented as Wine-only.
package smoke
