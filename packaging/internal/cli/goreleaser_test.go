package cli

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

var updateGoreleaser = flag.Bool("update-goreleaser", false, "rewrite the repository's .goreleaser.yaml from the template (TestRepositoryGoreleaserIsTheTemplate)")

// TestRepositoryGoreleaserIsTheTemplate: issue 19 part 4. This repository
// releases itself by the path adopters use: its .goreleaser.yaml is exactly
// what `svcpack init` writes for its svcpack.yaml, so the dist/ TestSnapshot
// (packaging/internal/dist) checks is the one an adopter's release makes. After
// changing the template:
//
//	go test ./packaging/internal/cli -run TestRepositoryGoreleaserIsTheTemplate -update-goreleaser
func TestRepositoryGoreleaserIsTheTemplate(t *testing.T) {
	p, err := product.Load(repoProduct)
	if err != nil {
		t.Fatal(err)
	}
	want, err := renderGoreleaser(p)
	if err != nil {
		t.Fatal(err)
	}
	const path = "../../../" + goreleaserFile
	if *updateGoreleaser {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if line, have, want := firstDifference(string(slurp(t, path)), string(want)); line > 0 {
		t.Fatalf("%s is not the template rendered for %s: first difference at line %d:\n have: %s\n want: %s\n"+
			"(change packaging/internal/cli/template/goreleaser.yaml.tmpl, then: go test ./packaging/internal/cli -run TestRepositoryGoreleaserIsTheTemplate -update-goreleaser)",
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

// TestInitWritesGoreleaser: issue 19 part 4. init writes the .goreleaser.yaml
// `init --goreleaser` prints for its svcpack.yaml: the msi and intunewin
// hooks on, and admx, winget and choco commented out, each with the key that
// enables it, since the new product file has no policy list and no channels.
func TestInitWritesGoreleaser(t *testing.T) {
	dir := initModule(t)
	written := tree(t, dir)[goreleaserFile]
	printed, _ := wantExit(t, exitOK, "init", "--goreleaser", "--dir", dir)
	if written != printed {
		t.Errorf("init wrote a .goreleaser.yaml other than init --goreleaser prints:\n%s\n---\n%s", written, printed)
	}
	contains(t, "init's .goreleaser.yaml", written,
		"project_name: mysvc\n", "    main: ./cmd/mysvc\n", `    goarch: [amd64, "386", arm64]`,
		"\n        - cmd: >-\n            go tool svcpack msi --exe \"{{ .Path }}\"", "--dist dist --manifest dist/deployment.json\n",
		"\n        - cmd: >-\n            go tool svcpack intunewin -o dist --manifest dist/deployment.json",
		"        # Once svcpack.yaml lists settings under policy (svcpack's docs/policy.md), uncomment:\n"+
			"        # - cmd: go tool svcpack admx -o dist --version {{ .Version }} --manifest dist/deployment.json\n        #   output: true\n",
		"        # - cmd: go tool svcpack winget", "        # - cmd: go tool svcpack choco",
		"  extra_files: &released\n", "    - glob: dist/*_admx.zip\n", "version_template: ",
		"  # The git remote's GitHub repository")
	if strings.Contains(written, "no_main_check") || strings.Contains(written, "  github:\n") || strings.Contains(written, "<<") {
		t.Errorf("init's .goreleaser.yaml for a Go product has no_main_check, a release repository or a template action:\n%s", written)
	}

	// With a policy list and the channels, --goreleaser prints every hook on,
	// and the release goes where installer_url says the MSIs are.
	src := string(slurp(t, filepath.Join(dir, product.FileName)))
	src = strings.Replace(src, "  # settings: [listen]", "  settings: [listen]", 1) + `
policy:
  - {setting: listen, type: text, display_name: Listen, explain: Listen, apply: restart}
channels:
  license: MIT
  installer_url: https://github.com/contoso/mysvc/releases/download/v{version}/{file}
`
	if err := os.WriteFile(filepath.Join(dir, product.FileName), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	full, _ := wantExit(t, exitOK, "init", "--goreleaser", "--dir", dir)
	contains(t, "init --goreleaser with policy and channels", full,
		"\n        - cmd: go tool svcpack admx", "\n        - cmd: go tool svcpack winget", "\n        - cmd: go tool svcpack choco",
		"  github:\n    owner: contoso\n    name: mysvc\n")
	if strings.Contains(full, "# - cmd") || strings.Contains(full, "uncomment") {
		t.Errorf("a hook is still commented out:\n%s", full)
	}
	if got := tree(t, dir)[goreleaserFile]; got != written {
		t.Error("init --goreleaser changed .goreleaser.yaml")
	}
}

// TestInitKeepsAnExistingGoreleaser: a goreleaser configuration of the
// team's own, under any of the names goreleaser reads, is kept (never
// overwritten, and no second one beside it), and is no reason to refuse.
func TestInitKeepsAnExistingGoreleaser(t *testing.T) {
	for _, name := range goreleaserNames {
		dir := testtemp.Dir(t)
		if err := os.WriteFile(filepath.Join(dir, name), []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
		out, _ := wantExit(t, exitOK, "init", "--dir", dir, "--name", "mysvc", "--company", "Contoso")
		contains(t, "init beside "+name, out, "kept "+filepath.Join(dir, name), "go tool svcpack init --goreleaser")
		files := tree(t, dir)
		if files[name] != "mine" {
			t.Errorf("init changed %s", name)
		}
		if _, ok := files[goreleaserFile]; ok && name != goreleaserFile {
			t.Errorf("init wrote %s beside %s", goreleaserFile, name)
		}
		if _, ok := files[product.FileName]; !ok {
			t.Errorf("init beside %s wrote no %s", name, product.FileName)
		}
	}
}

// TestInitGoreleaserRefuses: --goreleaser reads the product file in --dir
// and takes no flag of a new product; it writes nothing either way.
func TestInitGoreleaserRefuses(t *testing.T) {
	dir := testtemp.Dir(t)
	_, errs := wantExit(t, exitUsage, "init", "--goreleaser", "--dir", dir, "--name", "mysvc")
	contains(t, "init --goreleaser --name", errs, "it takes no --name")
	_, errs = wantExit(t, exitProduct, "init", "--goreleaser", "--dir", dir)
	contains(t, "init --goreleaser without svcpack.yaml", errs, filepath.Join(dir, product.FileName))
	if files := tree(t, dir); len(files) > 0 {
		t.Errorf("init --goreleaser wrote %v", files)
	}
}

func TestGithubRelease(t *testing.T) {
	for _, c := range []struct{ url, owner, name string }{
		{"https://github.com/svcpack/svcpack/releases/download/v{version}/{file}", "svcpack", "svcpack"},
		{"https://github.com/Contoso-Ltd/my.svc/releases/download/{version}/{file}", "Contoso-Ltd", "my.svc"},
		{"https://example.com/svcpack/svcpack/releases/download/v{version}/{file}", "", ""},
		{"http://github.com/svcpack/svcpack/releases/download/v{version}/{file}", "", ""},
		{"https://github.com/svcpack/svcpack/archive/{file}", "", ""},
		{"https://github.com/svcpack/../releases/download/{file}", "", ""},
		{"https://github.com/a:b/c/releases/download/{file}", "", ""},
		{"https://github.com/x/y\nz/releases/download/{file}", "", ""},
		{"", "", ""},
	} {
		if owner, name := githubRelease(c.url); owner != c.owner || name != c.name {
			t.Errorf("githubRelease(%q) = %q, %q; want %q, %q", c.url, owner, name, c.owner, c.name)
		}
	}
}
