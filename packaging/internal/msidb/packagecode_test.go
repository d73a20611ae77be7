package msidb

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// Stamp hands the code function the file as SetSummaryTimes would leave it,
// and leaves the file as SetPackageCode would then: the same bytes, with only
// the summary stream written.
func TestStamp(t *testing.T) {
	ctx := context.Background()
	when := time.Date(2024, 2, 29, 12, 34, 56, 0, time.UTC)
	const code = "{01234567-89AB-CDEF-0123-456789ABCDEF}"
	msi, ref := tinyMSI(t), filepath.Join(t.TempDir(), "ref.msi")
	b, err := os.ReadFile(msi)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ref, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := SetSummaryTimes(ref, when); err != nil {
		t.Fatal(err)
	}
	stampedRef, err := os.ReadFile(ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := SetPackageCode(ref, code); err != nil {
		t.Fatal(err)
	}
	db := Open(msi)
	if _, err := db.Summary(ctx); err != nil {
		t.Fatal(err)
	}
	err = db.Stamp(when, func(r io.Reader) (string, error) {
		stamped, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(stamped, stampedRef) {
			t.Error("the code function got other bytes than SetSummaryTimes writes")
		}
		return code, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := read(t, msi), read(t, ref); !bytes.Equal(got, want) {
		t.Error("Stamp left other bytes than SetSummaryTimes and SetPackageCode")
	}
	if s, err := db.Summary(ctx); err != nil || s.PackageCode != code {
		t.Errorf("Summary after Stamp: %+v, %v; want %s read again", s, err, code)
	}
	if err := db.Stamp(when, func(io.Reader) (string, error) { return "{not a guid}", nil }); err == nil || !strings.Contains(err.Error(), "package code") {
		t.Errorf("a code that is no GUID: %v, want a refusal", err)
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
