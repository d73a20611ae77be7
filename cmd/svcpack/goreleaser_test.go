package main

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/product"
)

var updateGoreleaser = flag.Bool("update-goreleaser", false, "rewrite the repository's .goreleaser.yaml from the template (TestRepositoryGoreleaserIsTheTemplate)")

// TestRepositoryGoreleaserIsTheTemplate: issue 19 part 4. This repository
// releases itself by the path adopters use: its .goreleaser.yaml is exactly
// what `svcpack init` writes for its svcpack.yaml, so the dist/ TestSnapshot
// (packaging/dist) checks is the one an adopter's release makes. After
// changing the template:
//
//	go test ./cmd/svcpack -run TestRepositoryGoreleaserIsTheTemplate -update-goreleaser
func TestRepositoryGoreleaserIsTheTemplate(t *testing.T) {
	p, err := product.Load(repoProduct)
	if err != nil {
		t.Fatal(err)
	}
	want, err := renderGoreleaser(p)
	if err != nil {
		t.Fatal(err)
	}
	const path = "../../" + goreleaserFile
	if *updateGoreleaser {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if line, have, want := firstDifference(string(slurp(t, path)), string(want)); line > 0 {
		t.Fatalf("%s is not the template rendered for %s: first difference at line %d:\n have: %s\n want: %s\n"+
			"(change cmd/svcpack/template/goreleaser.yaml.tmpl, then: go test ./cmd/svcpack -run TestRepositoryGoreleaserIsTheTemplate -update-goreleaser)",
			goreleaserFile, product.FileName, line, have, want)
	}
}

// firstDifference is the first line (from 1) where a and b differ, and the
// two lines; 0 when they are equal.
func firstDifference(a, b string) (line int, la, lb string) {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(al), len(bl)) {
		la, lb = "", ""
		if i < len(al) {
			la = al[i]
		}
		if i < len(bl) {
			lb = bl[i]
		}
		if la != lb {
			return i + 1, la, lb
		}
	}
	return 0, "", ""
}
