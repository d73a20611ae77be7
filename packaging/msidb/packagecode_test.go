package msidb

import (
	"context"
	"os"
	"strings"
	"testing"
)

// The package code is patched in place: msitools reads the new one, every
// other byte of the file stays, and a code that is not a GUID or would not
// fit where the old one is stored is refused with the file untouched.
func TestSetPackageCode(t *testing.T) {
	ctx := context.Background()
	msi := tinyMSI(t)
	before, err := os.ReadFile(msi)
	if err != nil {
		t.Fatal(err)
	}
	const code = "{01234567-89AB-CDEF-0123-456789ABCDEF}"
	if err := SetPackageCode(msi, code); err != nil {
		t.Fatal(err)
	}
	if s, err := suminfo(ctx, msi); err != nil || s.PackageCode != code {
		t.Fatalf("msiinfo suminfo: %+v, %v; want package code %s", s, err, code)
	}
	after, err := os.ReadFile(msi)
	if err != nil {
		t.Fatal(err)
	}
	diff := 0
	for i := range before {
		if before[i] != after[i] {
			diff++
		}
	}
	if len(after) != len(before) || diff > len(code) {
		t.Errorf("%d bytes changed, size %d -> %d; want at most the code's %d", diff, len(before), len(after), len(code))
	}
	for _, bad := range []string{"{01234567-89AB-CDEF-0123-456789ABCDEF}X", "01234567-89AB-CDEF-0123-456789ABCDEF", "{01234567-89ab-cdef-0123-456789abcdef}"} {
		if err := SetPackageCode(msi, bad); err == nil || !strings.Contains(err.Error(), "package code") {
			t.Errorf("SetPackageCode(%q) = %v, want a refusal", bad, err)
		}
	}
	// A stored code of another length (msibuild -s writes what it is given).
	if err := WriteSummary(ctx, msi, Summary{Subject: "s", Author: "a", Template: "x64;1033", PackageCode: "{0}"}); err != nil {
		t.Fatal(err)
	}
	if err := SetPackageCode(msi, code); err == nil || !strings.Contains(err.Error(), "not as long") {
		t.Errorf("over a 3-character code: %v, want a refusal", err)
	}
	if s, err := suminfo(ctx, msi); err != nil || s.PackageCode != "{0}" {
		t.Errorf("after the refusal: %+v, %v; want {0} kept", s, err)
	}
}
