package choco

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/packaging/internal/msitest"
)

// unzip returns the package's entries by name.
func unzip(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string]string{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = string(b)
	}
	return files
}

func pack(t *testing.T, v string) (string, deploy.Manifest, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	manifest := msitest.Release(t, "../../..", dir, v)
	p := msitest.Product(t, "../../..")
	out, err := Run(Options{Product: p, Manifest: manifest, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	m, err := deploy.Read(manifest)
	if err != nil {
		t.Fatal(err)
	}
	return out, m, unzip(t, out)
}

// TestPackageLayout: the OPC parts NuGet's reader needs, and nothing else;
// every relationship's target is in the zip, every extension has a type.
func TestPackageLayout(t *testing.T) {
	out, m, files := pack(t, "1.2.3")
	if filepath.Base(out) != "hellosvc.1.2.3.nupkg" {
		t.Errorf("package %s, want hellosvc.1.2.3.nupkg", out)
	}
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	psmdcp := regexp.MustCompile(`^package/services/metadata/core-properties/[0-9a-f]{32}\.psmdcp$`)
	want := []string{"[Content_Types].xml", "_rels/.rels", "hellosvc.nuspec", "", "tools/chocolateyinstall.ps1", "tools/chocolateyuninstall.ps1"}
	if len(names) != len(want) || !psmdcp.MatchString(names[3]) {
		t.Fatalf("package holds %q, want %q with the core properties part", names, want)
	}
	want[3] = names[3]
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Fatalf("package holds %q, want %q", names, want)
	}
	var rels struct {
		Rel []struct {
			Type   string `xml:",attr"`
			Target string `xml:",attr"`
			Id     string `xml:",attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal([]byte(files["_rels/.rels"]), &rels); err != nil {
		t.Fatal(err)
	}
	types := map[string]string{}
	for _, r := range rels.Rel {
		types[r.Type] = r.Target
		if _, ok := files[strings.TrimPrefix(r.Target, "/")]; !ok || !strings.HasPrefix(r.Target, "/") {
			t.Errorf("relationship %s targets %s, which is not in the package", r.Id, r.Target)
		}
	}
	if types[manifestRel] != "/hellosvc.nuspec" || types[corePropertiesRel] != "/"+names[3] {
		t.Errorf("relationships %+v, want the manifest and the core properties", rels.Rel)
	}
	var ct struct {
		Default []struct {
			Extension   string `xml:",attr"`
			ContentType string `xml:",attr"`
		}
	}
	if err := xml.Unmarshal([]byte(files["[Content_Types].xml"]), &ct); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, d := range ct.Default {
		have[d.Extension] = d.ContentType != ""
	}
	for _, n := range names {
		if ext := strings.TrimPrefix(filepath.Ext(n), "."); n != "[Content_Types].xml" && !have[ext] {
			t.Errorf("[Content_Types].xml has no type for %s", n)
		}
	}
	if m.Channels == nil || m.Channels.Chocolatey == nil || m.Channels.Chocolatey.File != "hellosvc.1.2.3.nupkg" {
		t.Errorf("deployment.json's channels %+v do not name the package", m.Channels)
	}
}

// TestNuspecFields: the metadata Chocolatey requires (id, version, authors,
// description) and the product file's channel settings.
func TestNuspecFields(t *testing.T) {
	_, m, files := pack(t, "1.2.3-4-gabcdef0")
	var spec struct {
		XMLName  xml.Name
		Metadata struct {
			ID                       string `xml:"id"`
			Version                  string `xml:"version"`
			Title                    string `xml:"title"`
			Authors                  string `xml:"authors"`
			ProjectURL               string `xml:"projectUrl"`
			Tags                     string `xml:"tags"`
			Description              string `xml:"description"`
			RequireLicenseAcceptance string `xml:"requireLicenseAcceptance"`
		} `xml:"metadata"`
	}
	if err := xml.Unmarshal([]byte(files["hellosvc.nuspec"]), &spec); err != nil {
		t.Fatal(err)
	}
	md := spec.Metadata
	p := msitest.Product(t, "../../..")
	if spec.XMLName.Space != "http://schemas.microsoft.com/packaging/2015/06/nuspec.xsd" || spec.XMLName.Local != "package" {
		t.Errorf("root element %v", spec.XMLName)
	}
	if md.ID != "hellosvc" || md.Version != "1.2.3.4" || md.Authors != m.Packages[0].Manufacturer || md.Title != m.Packages[0].ProductName ||
		md.Description != p.Description || md.ProjectURL != p.Channels.PublisherURL || md.Tags != "service windows-service sample" ||
		md.RequireLicenseAcceptance != "false" {
		t.Errorf("nuspec metadata %+v", md)
	}
}

// psString reads a PowerShell single-quoted string's value.
func psString(s string) string { return strings.ReplaceAll(strings.Trim(s, "'"), "''", "'") }

// TestScriptsRunDeploymentJSONsCommandLines: what the scripts hand to
// Chocolatey's helpers, put back into the msiexec command line those
// helpers run, is deployment.json's command line for each MSI; the URL and
// SHA-256 are the MSI's.
func TestScriptsRunDeploymentJSONsCommandLines(t *testing.T) {
	_, m, files := pack(t, "1.2.3")
	install, uninstall := files["tools/chocolateyinstall.ps1"], files["tools/chocolateyuninstall.ps1"]
	row := regexp.MustCompile(`(?m)^  '(\w+)' = @\{ Url = ('[^']*'); Sha256 = ('[^']*'); SilentArgs = ('(?:[^']|'')*') \}\r$`)
	rows := row.FindAllStringSubmatch(install, -1)
	unrow := regexp.MustCompile(`(?m)^  @\{ ProductCode = ('[^']*'); SilentArgs = ('(?:[^']|'')*') \}\r$`)
	unrows := unrow.FindAllStringSubmatch(uninstall, -1)
	if len(rows) != len(m.Packages) || len(unrows) != len(m.Packages) {
		t.Fatalf("%d install and %d uninstall rows for %d MSIs:\n%s\n%s", len(rows), len(unrows), len(m.Packages), install, uninstall)
	}
	arch := map[string]string{"AMD64": "amd64", "x86": "386", "ARM64": "arm64"}
	for i, r := range rows {
		var pkg deploy.Package
		for _, q := range m.Packages {
			if q.Arch == arch[r[1]] {
				pkg = q
			}
		}
		if got := `msiexec /i "` + pkg.File + `" ` + psString(r[4]); got != pkg.Install {
			t.Errorf("%s: install runs %q, deployment.json says %q", r[1], got, pkg.Install)
		}
		if url := "https://github.com/svcpack/svcpack/releases/download/v1.2.3/" + pkg.File; psString(r[2]) != url || psString(r[3]) != pkg.SHA256 {
			t.Errorf("%s: URL %s sha256 %s, want %s %s", r[1], r[2], r[3], url, pkg.SHA256)
		}
		un := unrows[i]
		if psString(un[1]) != pkg.ProductCode {
			t.Errorf("uninstall row %d is for %s, want %s's %s", i, un[1], pkg.File, pkg.ProductCode)
		}
		if got := "msiexec /x " + psString(un[2]); got != pkg.Uninstall {
			t.Errorf("%s: uninstall runs %q, deployment.json says %q", r[1], got, pkg.Uninstall)
		}
	}
	for _, want := range []string{"-ChecksumType 'sha256'", "-ChecksumType64 'sha256'", "-Checksum64 $msi.Sha256", "-FileType 'msi'", "-ValidExitCodes @(0, 1641, 1707, 3010)"} {
		if !strings.Contains(install, want) {
			t.Errorf("install script lacks %s:\n%s", want, install)
		}
	}
	if !strings.Contains(uninstall, "-ValidExitCodes @(0, 1641, 1707, 3010)") {
		t.Errorf("uninstall script's exit codes:\n%s", uninstall)
	}
}

// TestRefusesWithoutWhatOnlyAPersonDecides: no installer URL, no package.
func TestRefusesWithoutWhatOnlyAPersonDecides(t *testing.T) {
	dir := t.TempDir()
	manifest := msitest.Release(t, "../../..", dir, "1.2.3")
	p := msitest.Product(t, "../../..")
	p.Channels.InstallerURL = ""
	_, err := Run(Options{Product: p, Manifest: manifest, Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "channels.installer_url") {
		t.Errorf("err = %v, want one naming channels.installer_url", err)
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, "*.nupkg")); len(matches) != 0 {
		t.Errorf("a refused run wrote %v", matches)
	}
	if _, err := os.Stat(manifest); err != nil {
		t.Fatal(err)
	}
}
