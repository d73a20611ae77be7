// Package acltest changes a file's DACL for the Windows tests of the
// trust check (internal/wrap/trust.go): it makes a file that an account
// other than the one running the test may write, on Windows and under Wine
// alike. Wine 8.0 keeps no DACL, but it turns an access entry for Everyone
// into the file's Unix mode bits and reports them back as an Everyone entry
// (docs/platform.md), so such a file is refused in both places.
package acltest
