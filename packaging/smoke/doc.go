// Package smoke is the MSI smoke suite: Windows tests (*_windows_test.go)
// that install, upgrade, repair and remove hellosvc's real x64 MSI with
// msiexec and judge each step by the state of the machine — the SCM, the
// registry, Add/Remove Programs, files, and the service's HTTP answers. The
// same tests run natively on Windows and, from Linux, under Wine:
//
//	go tool mage smokeMSIs                                  # Linux: writes dist/smoke/
//	SVCPACK_SMOKE_DIR=dist/smoke go test -count=1 -v ./packaging/smoke   # Windows, elevated
//	go tool mage smoke                                      # Linux: both, in a fresh Wine prefix
//
// SVCPACK_SMOKE_DIR names a directory holding the packages BuildMSIs writes,
// amd64 builds of this source that differ only in version:
//
//	hellosvc_1.0.0_amd64.msi             v1: fresh installs, the upgrade's "before"
//	hellosvc_1.1.0_amd64.msi             v2: the upgrade's "after"; v1 over it is a downgrade
//	hellosvc_1.2.0-1-gaaaaaaa_amd64.msi  two dev builds sharing ProductVersion 1.2.0.1 with
//	hellosvc_1.2.0-1-gbbbbbbb_amd64.msi  different ProductCodes: each upgrades the other
//	                                     (same-version upgrades), for the repeated-upgrade case
//
// The suite needs a machine without hellosvc: every test starts by checking
// that nothing of it is there and ends by removing what it installed, so
// tests can run alone (-run) or in any order, but not beside another
// hellosvc install. On Windows it needs an elevated shell.
//
// What Wine cannot show (recovery actions, delayed start, SID type, the
// preshutdown timeout, events read back, the service's token, rollback of a
// failed upgrade) is asserted too; under Wine those checks end as SKIP with
// the marker "NOT VERIFIABLE HERE", never as a pass.
package smoke
