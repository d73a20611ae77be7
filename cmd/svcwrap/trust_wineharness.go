//go:build wineharness

package main

import "github.com/svcpack/svcpack/internal/wrap"

// Built only by the test harness (magefile.go, tag wineharness) for the
// lifecycle tests under Wine: Wine keeps no security descriptors and reports
// every file as owned by the Unix user (docs/platform.md), so the real check
// refuses every config there. TestTrustRefusedUnderWine runs the normal
// build and shows that refusal; Windows CI runs every test with the normal
// build.
func init() { checkTrust = func(string, wrap.Config) error { return nil } }
