package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"

	"github.com/svcpack/svcpack/packaging/internal/product"
)

// goreleaserFile is the name init writes the release configuration under.
const goreleaserFile = ".goreleaser.yaml"

// goreleaserNames are the files goreleaser reads its configuration from:
// init writes none when one of them exists.
var goreleaserNames = []string{".goreleaser.yml", ".goreleaser.yaml", "goreleaser.yml", "goreleaser.yaml"}

// goreleaserValues fill template/goreleaser.yaml.tmpl. The hooks a product
// cannot run yet (no policy list; no channels to publish to) are written
// commented out, with the key that enables them: a hook that fails every
// build would stop the whole release.
type goreleaserValues struct {
	Name, Main string
	Arches     string // the flow sequence's items: amd64, "386", arm64
	Wrap       bool   // main is svcwrap, a package of svcpack's module
	Policy     bool   // svcpack admx has settings to write
	Winget     bool   // svcpack winget has the channels keys it requires
	Choco      bool   // svcpack choco has them
	// GitHub is the owner/name repository channels.installer_url downloads
	// the MSIs from, when it is a GitHub release's: the release is
	// published there. "": goreleaser's default, the git remote's.
	GitHubOwner, GitHubName string
}

// Off comments out a line of a hook the product cannot run yet.
func (goreleaserValues) Off(on bool) string {
	if on {
		return ""
	}
	return "# "
}

// renderGoreleaser is the .goreleaser.yaml for p: this repository's own is
// it, rendered for svcpack.yaml (goreleaser_test.go).
func renderGoreleaser(p *product.Product) ([]byte, error) {
	v := goreleaserValues{
		Name: p.Name, Main: p.Main, Wrap: p.Wrap != nil, Policy: len(p.Policy) > 0,
		Winget: p.RequireChannels("winget", "license", "installer_url", "winget.identifier") == nil,
		Choco:  p.RequireChannels("chocolatey", "license", "installer_url") == nil,
	}
	var arches []string
	for _, a := range p.Architectures {
		// 386 would be a number in YAML; the allowlist leaves no other
		// value that needs quotes.
		if strings.Trim(a, "0123456789") == "" {
			b, _ := json.Marshal(a)
			a = string(b)
		}
		arches = append(arches, a)
	}
	v.Arches = strings.Join(arches, ", ")
	v.GitHubOwner, v.GitHubName = githubRelease(p.Channels.InstallerURL)
	// goreleaser's own templates ({{ .Version }}) stay as they are.
	t, err := template.New("goreleaser.yaml.tmpl").Delims("<<", ">>").ParseFS(templates, "template/goreleaser.yaml.tmpl")
	if err != nil {
		return nil, fmt.Errorf("init: template goreleaser.yaml.tmpl: %w", err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("init: template goreleaser.yaml.tmpl: %w", err)
	}
	return b.Bytes(), nil
}

// GitHub's owner (account) and repository names.
var (
	githubOwnerRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$`)
	githubRepoRE  = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)
)

// githubRelease is the repository of a GitHub release download URL
// (https://github.com/OWNER/NAME/releases/download/...), "" and "" for
// any other URL.
func githubRelease(installerURL string) (owner, name string) {
	u, err := url.Parse(installerURL)
	if err != nil || u.Scheme != "https" || u.Host != "github.com" {
		return "", ""
	}
	parts := strings.Split(strings.TrimPrefix(u.Path, "/"), "/")
	if len(parts) < 4 || parts[2] != "releases" || parts[3] != "download" ||
		!githubOwnerRE.MatchString(parts[0]) || !githubRepoRE.MatchString(parts[1]) || strings.Trim(parts[1], ".") == "" {
		return "", ""
	}
	return parts[0], parts[1]
}

// existingGoreleaser is the goreleaser configuration already in dir, ""
// when there is none: init keeps it and writes no other.
func existingGoreleaser(dir string) (string, error) {
	for _, name := range goreleaserNames {
		path := filepath.Join(dir, name)
		if _, err := os.Lstat(path); err == nil {
			return path, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("init: check %s: %w", path, err)
		}
	}
	return "", nil
}

// printGoreleaser is `init --goreleaser`: the .goreleaser.yaml for the
// product file in --dir, as it is now, on stdout; nothing is written.
func printGoreleaser(e *env, fs *flag.FlagSet) error {
	var other []string
	fs.Visit(func(f *flag.Flag) {
		if f.Name != "goreleaser" && f.Name != "dir" {
			other = append(other, "--"+f.Name)
		}
	})
	if len(other) > 0 {
		return usagef("--goreleaser prints .goreleaser.yaml for the svcpack.yaml in --dir: it takes no %s", strings.Join(other, ", "))
	}
	p, err := product.Load(filepath.Join(fs.Lookup("dir").Value.String(), product.FileName))
	if err != nil {
		return productError{err}
	}
	b, err := renderGoreleaser(p)
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(b)
	return err
}
