package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/packaging/internal/deploy"
)

func TestADMXWritesTheTemplate(t *testing.T) {
	dir := testtemp.Dir(t)
	_, errs := wantExit(t, exitOK, "admx", "--product", repoProduct, "-o", dir, "--version", "1.2.3")
	contains(t, "admx's progress", errs, "hellosvc_1.2.3_admx.zip", "(1 policies)")
	for _, f := range []string{"svcpack.hellosvc.admx", filepath.Join("en-US", "svcpack.hellosvc.adml"), "hellosvc_1.2.3_admx.zip"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "svcpack.hellosvc.admx"))
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "the ADMX", string(b), `key="Software\Policies\svcpack\hellosvc"`, `valueName="listen"`)
}

// TestADMXManifestWritesThePolicySection: issue 19 part 4. With --manifest
// (the hook svcpack init's .goreleaser.yaml runs), deployment.json gets the
// policy section naming the zip this run wrote, and keeps its packages.
func TestADMXManifestWritesThePolicySection(t *testing.T) {
	dir := testtemp.Dir(t)
	manifest := filepath.Join(dir, deploy.FileName)
	if err := deploy.Add(manifest, deploy.Package{File: "hellosvc_1.2.3_amd64.msi", Arch: "amd64"}); err != nil {
		t.Fatal(err)
	}
	wantExit(t, exitOK, "admx", "--product", repoProduct, "-o", dir, "--version", "1.2.3", "--manifest", manifest)
	m, err := deploy.Read(manifest)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Packages) != 1 {
		t.Errorf("packages %+v, want the one added before", m.Packages)
	}
	pol := m.Policy
	if pol == nil || pol.Key != `HKLM\Software\Policies\svcpack\hellosvc` || pol.Template != "hellosvc_1.2.3_admx.zip" ||
		len(pol.Settings) != 1 || pol.Settings[0].Name != "listen" || pol.Settings[0].Apply != "restart" {
		t.Fatalf("policy section %+v", pol)
	}
	if _, err := os.Stat(filepath.Join(dir, pol.Template)); err != nil {
		t.Errorf("the section names a zip the run did not write: %v", err)
	}
}

func TestADMXRefuses(t *testing.T) {
	dir := testtemp.Dir(t)
	_, errs := wantExit(t, exitUsage, "admx", "--product", repoProduct, "-o", dir, "--version", "one")
	contains(t, "a bad version", errs, `--version "one"`)
	_, errs = wantExit(t, exitUsage, "admx", "--product", repoProduct, "extra")
	contains(t, "an argument", errs, "takes no arguments")
	// A product without policy has no template to write.
	b, err := os.ReadFile(repoProduct)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	noPolicy := writeProduct(t, src[strings.Index(src, "\n# Settings an admin may set by Group Policy"):], "\n")
	_, errs = wantExit(t, exitFailed, "admx", "--product", noPolicy, "-o", dir)
	contains(t, "no policy", errs, "lists no policy")
	if _, err := os.Stat(filepath.Join(dir, "hellosvc_admx.zip")); err == nil {
		t.Error("a failed admx wrote a zip")
	}
	// An invalid policy is a product error.
	bad := writeProduct(t, "apply: restart", "apply: later")
	_, errs = wantExit(t, exitProduct, "admx", "--product", bad, "-o", dir)
	contains(t, "a bad apply", errs, `policy[0].apply: "later" is not valid`)
}
