package msidb

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tinyMSI builds testdata/tiny.wxs with wixl into a temporary directory.
func tinyMSI(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "tiny.msi")
	cmd := exec.Command("wixl", "-a", "x64", "-o", out, "tiny.wxs")
	cmd.Dir = "testdata"
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wixl: %v\n%s", err, b)
	}
	return out
}

func TestSetSummaryTimes(t *testing.T) {
	msi := tinyMSI(t)
	before, err := os.ReadFile(msi)
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2024, 2, 29, 12, 34, 56, 0, time.UTC)
	if err := SetSummaryTimes(msi, when); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(msi)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("size changed: %d -> %d", len(before), len(after))
	}
	cmd := exec.Command("msiinfo", "suminfo", msi)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Created: Thu Feb 29 12:34:56 2024", "Last saved: Thu Feb 29 12:34:56 2024"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("suminfo lacks %q:\n%s", want, out)
		}
	}
	diff := 0
	for i := range before {
		if before[i] != after[i] {
			diff++
		}
	}
	if diff > 16 {
		t.Errorf("%d bytes changed, want at most the two 8-byte FILETIMEs", diff)
	}
	if got, err := Open(msi).ReadSummaryTimes(); err != nil || !got.Created.Equal(when) || !got.Saved.Equal(when) {
		t.Errorf("ReadSummaryTimes = %+v, %v; want both %v", got, err, when)
	}
	// Issue 19 part 4: goreleaser's 0001-01-01 was stored as the year 58456.
	if err := SetSummaryTimes(msi, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil || !strings.Contains(err.Error(), "outside what a FILETIME holds") {
		t.Errorf("SetSummaryTimes(0001-01-01) = %v, want a refusal", err)
	}
	if got, err := Open(msi).ReadSummaryTimes(); err != nil || !got.Created.Equal(when) {
		t.Errorf("after the refusal ReadSummaryTimes = %+v, %v; want %v kept", got, err, when)
	}
}

func TestSetSummaryTimesRejectsOtherFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.msi")
	if err := os.WriteFile(path, make([]byte, 4096), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := SetSummaryTimes(path, time.Unix(0, 0)); err == nil {
		t.Fatal("no error for a file that is not a compound file")
	}
}

func TestExportAndExec(t *testing.T) {
	ctx := context.Background()
	msi := tinyMSI(t)
	if err := Exec(ctx, msi, "UPDATE `Property` SET `Value` = '9.9.9' WHERE `Property` = 'ProductVersion'"); err != nil {
		t.Fatal(err)
	}
	props, err := Export(ctx, msi, "Property")
	if err != nil {
		t.Fatal(err)
	}
	if got := props.Find("Property", "ProductVersion"); len(got) != 1 || got[0]["Value"] != "9.9.9" {
		t.Fatalf("ProductVersion rows = %v, want one with 9.9.9", got)
	}
	missing, err := Export(ctx, msi, "ServiceInstall")
	if err != nil || len(missing.Rows) != 0 {
		t.Fatalf("absent table: %v rows, err %v; want none, nil", missing.Rows, err)
	}
	if err := Exec(ctx, msi, "UPDATE `NoSuchTable` SET `X` = 1"); err == nil {
		t.Fatal("bad SQL gave no error")
	}
}

func TestSummaryRoundTrip(t *testing.T) {
	ctx := context.Background()
	msi := tinyMSI(t)
	s, err := ReadSummary(ctx, msi)
	if err != nil {
		t.Fatal(err)
	}
	if s.Template != "x64;1033" || s.Version != "500" {
		t.Fatalf("summary = %+v, want template x64;1033, version 500", s)
	}
	s.Template = "Arm64;1033"
	s.PackageCode = "{01234567-89AB-CDEF-0123-456789ABCDEF}"
	if err := WriteSummary(ctx, msi, s); err != nil {
		t.Fatal(err)
	}
	got, err := ReadSummary(ctx, msi)
	if err != nil {
		t.Fatal(err)
	}
	if got != s {
		t.Fatalf("read back %+v, want %+v", got, s)
	}
}

// TestDBReadsEachStateOnce: a DB serves a table from what it read until a
// write through it, after which it reads the file again; several statements
// in one Exec commit together or not at all.
func TestDBReadsEachStateOnce(t *testing.T) {
	ctx := context.Background()
	msi := tinyMSI(t)
	db := Open(msi)
	version := func() string {
		t.Helper()
		props, err := db.Table(ctx, "Property")
		if err != nil {
			t.Fatal(err)
		}
		return props.Find("Property", "ProductVersion")[0]["Value"]
	}
	before := version()
	// Written behind the DB's back: the DB still answers from its read.
	if err := Exec(ctx, msi, "UPDATE `Property` SET `Value` = '7.7.7' WHERE `Property` = 'ProductVersion'"); err != nil {
		t.Fatal(err)
	}
	if got := version(); got != before {
		t.Fatalf("ProductVersion %s, want %s as first read (no write went through the DB)", got, before)
	}
	err := db.Exec(ctx,
		"UPDATE `Property` SET `Value` = '8.8.8' WHERE `Property` = 'ProductVersion'",
		"UPDATE `NoSuchTable` SET `X` = 1")
	if err == nil {
		t.Fatal("bad SQL gave no error")
	}
	if got := version(); got != "7.7.7" {
		t.Fatalf("after a failed Exec ProductVersion is %s, want 7.7.7: none of its statements may commit", got)
	}
	if err := db.Exec(ctx,
		"DELETE FROM `Property` WHERE `Property` = 'ProductVersion'",
		"INSERT INTO `Property` (`Property`, `Value`) VALUES ('ProductVersion', '9.9.9')"); err != nil {
		t.Fatal(err)
	}
	if got := version(); got != "9.9.9" {
		t.Fatalf("after Exec ProductVersion is %s, want 9.9.9 read back from the file", got)
	}
	copied := db.At(filepath.Join(t.TempDir(), "nowhere.msi"))
	if props, err := copied.Table(ctx, "Property"); err != nil || props.Find("Property", "ProductVersion")[0]["Value"] != "9.9.9" {
		t.Fatalf("At: %v, %v; want the tables read so far, without reading the (absent) file", props.Rows, err)
	}
}

// A codepage is 16 bits: anything else from an MSI is refused, naming the
// file and the value.
func TestCodepageIsBounded(t *testing.T) {
	for _, c := range []struct {
		out     string
		want    int
		wantErr string
	}{
		{"65001\t_ForceCodepage\r\n", 65001, ""},
		{"0\t_ForceCodepage\n", 0, ""},
		{"-1\t_ForceCodepage\n", 0, "in.msi: -1 is not a codepage"},
		{"65536\t_ForceCodepage\n", 0, "in.msi: 65536 is not a codepage"},
		{"4294967296\t_ForceCodepage\n", 0, "4294967296 is not a codepage"},
		{"", 0, "no codepage"},
	} {
		n, err := parseCodepage("in.msi", []byte(c.out))
		if c.wantErr == "" && (err != nil || n != c.want) {
			t.Errorf("%q: %d, %v; want %d", c.out, n, err, c.want)
		}
		if c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
			t.Errorf("%q: %d, %v; want an error with %q", c.out, n, err, c.wantErr)
		}
	}
}
