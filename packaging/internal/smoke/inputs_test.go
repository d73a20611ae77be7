//go:build !windows

package smoke

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckMSIsRefusesBeforeTheRun: a folder, a file that is not a
// compound file, a package of another product and an unreadable one are
// refused naming the file and what was expected; the product's packages
// pass, and without a reader only the signature is checked.
func TestCheckMSIsRefusesBeforeTheRun(t *testing.T) {
	p := testProduct(t, false)
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// Real packages (wixl builds packaging/internal/msidb's tiny test product); the
	// reader below says whose they are.
	msi := func(name string) string {
		out := filepath.Join(dir, name)
		if b, err := exec.Command("wixl", "-a", "x64", "-o", out, "../msidb/testdata/tiny.wxs").CombinedOutput(); err != nil {
			t.Fatalf("wixl: %v\n%s", err, b)
		}
		return out
	}
	ours, theirs := msi("ours.msi"), msi("theirs.msi")
	text := write("notes.msi", []byte("#!/bin/sh\necho not an MSI\n"))
	short := write("short.msi", []byte{0xD0, 0xCF, 0x11})
	codes := map[string]string{ours: "{" + strings.ToLower(p.UpgradeCode) + "}", theirs: "{00000000-0000-0000-0000-000000000001}"}
	read := func(path string) (string, error) {
		if c, ok := codes[path]; ok {
			return c, nil
		}
		return "", os.ErrInvalid
	}
	if err := checkMSIs(p, []string{ours}, read); err != nil {
		t.Errorf("the product's package refused: %v", err)
	}
	if err := checkMSIs(p, []string{ours, theirs}, nil); err != nil {
		t.Errorf("without a reader only the signature counts: %v", err)
	}
	for _, c := range []struct {
		path string
		want string
	}{
		{dir, "a directory"},
		{text, "not a Windows Installer package"},
		{short, "not a Windows Installer package"},
		{filepath.Join(dir, "missing.msi"), "no such file"},
		{theirs, "a package of another product"},
	} {
		err := checkMSIs(p, []string{ours, c.path}, read)
		if err == nil || !strings.Contains(err.Error(), c.path) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q naming it", c.path, err, c.want)
		}
	}
	if err := checkMSIs(p, []string{theirs}, read); err == nil || !strings.Contains(err.Error(), p.UpgradeCode) {
		t.Errorf("another product's package: %v does not say which UpgradeCode is expected", err)
	}
}

// TestRequirementsSayWhatTheRunNeeds: the first line names the product file,
// the UpgradeCode the MSIs must have, the address and the machine.
func TestRequirementsSayWhatTheRunNeeds(t *testing.T) {
	p := testProduct(t, false)
	for _, windows := range []bool{false, true} {
		got := requirements(p, windows)
		for _, want := range []string{"smoke needs:", p.File(), p.UpgradeCode, p.Smoke.Address} {
			if !strings.Contains(got, want) {
				t.Errorf("windows=%v: %q lacks %q", windows, got, want)
			}
		}
		if machine := map[bool]string{false: "Wine prefix", true: "elevated shell"}[windows]; !strings.Contains(got, machine) {
			t.Errorf("windows=%v: %q does not say %q", windows, got, machine)
		}
	}
}
