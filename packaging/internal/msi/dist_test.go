package msi

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/packaging/internal/version"
)

// distVersion is a fixed identity, so the test does not depend on the
// repository's tags or dirty state.
func distVersion(v string) *version.Info {
	info, _ := version.Parse(v)
	info.Commit = "0123456789abcdef0123456789abcdef01234567"
	info.Time = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	return &info
}

// TestDistReproducibleAndIncremental builds the real hellosvc into two
// output directories and wants identical MSIs; then a second run in the same
// directory must leave the MSI alone, and a new version must rebuild it.
func TestDistReproducibleAndIncremental(t *testing.T) {
	ctx := context.Background()
	a, b := t.TempDir(), t.TempDir()
	var logA bytes.Buffer
	outsA, err := Dist(ctx, DistOptions{Root: "../../..", OutDir: a, Version: distVersion("1.2.3"), Log: &logA})
	if err != nil {
		t.Fatal(err)
	}
	outsB, err := Dist(ctx, DistOptions{Root: "../../..", OutDir: b, Version: distVersion("1.2.3"), Log: &bytes.Buffer{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(outsA) != 3 {
		t.Fatalf("Dist made %v, want three MSIs", outsA)
	}
	for i, out := range outsA {
		if want := "hellosvc_1.2.3_" + string(Arches[i]) + ".msi"; filepath.Base(out) != want {
			t.Errorf("MSI %d is %s, want %s", i, filepath.Base(out), want)
		}
		if !bytes.Equal(read(t, out), read(t, outsB[i])) {
			t.Errorf("%s differs between two builds", filepath.Base(out))
		}
	}
	t.Log(logA.String())

	before, err := os.Stat(outsA[0])
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if _, err := Dist(ctx, DistOptions{Root: "../../..", OutDir: a, Arches: []Arch{AMD64}, Version: distVersion("1.2.3"), Log: &again}); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(outsA[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(again.String(), "up to date") || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("unchanged inputs rebuilt the MSI:\n%s", again.String())
	}

	var bumped bytes.Buffer
	outs, err := Dist(ctx, DistOptions{Root: "../../..", OutDir: a, Arches: []Arch{AMD64}, Version: distVersion("1.2.4"), Log: &bumped})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(bumped.String(), "up to date") || filepath.Base(outs[0]) != "hellosvc_1.2.4_amd64.msi" {
		t.Errorf("a new version was not built: %v\n%s", outs, bumped.String())
	}
}
