package winget

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/packaging/internal/msitest"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

// release builds the three MSIs of version v, describes them into a
// deployment.json in dir and returns its path and the product.
func release(t *testing.T, dir, v string) (string, *product.Product) {
	t.Helper()
	return msitest.Release(t, "../../..", dir, v), msitest.Product(t, "../../..")
}

// validate checks a manifest file against the schema of its kind in
// testdata/schemas/v<version>.
func validate(t *testing.T, path, kind, version string) {
	t.Helper()
	if err := schemaError(t, path, kind, version); err != nil {
		t.Error(err)
	}
}

func schemaError(t *testing.T, path, kind, version string) error {
	t.Helper()
	schemaFile := filepath.Join("testdata", "schemas", "v"+version, "manifest."+kind+"."+version+".json")
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	url := "https://aka.ms/winget-manifest." + kind + "." + version + ".schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var y any
	if err := yaml.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(y)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(j)))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		return fmt.Errorf("%s against the %s schema %s:\n%v\n%s", filepath.Base(path), kind, version, err, b)
	}
	return nil
}

// TestSchemaCatchesABadManifest: the validation can fail: a GOARCH where
// winget wants its own architecture name, an unknown installer type or scope.
func TestSchemaCatchesABadManifest(t *testing.T) {
	dir := t.TempDir()
	manifest, p := release(t, dir, "1.2.3")
	if _, err := Run(Options{Product: p, Manifest: manifest, Dir: dir}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "svcpack.hellosvc.installer.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ old, new string }{
		{"Architecture: x64", "Architecture: amd64"},
		{"InstallerType: msi", "InstallerType: msiexec"},
		{"Scope: machine", "Scope: computer"},
	} {
		bad := filepath.Join(t.TempDir(), "bad.installer.yaml")
		if err := os.WriteFile(bad, []byte(strings.Replace(string(b), c.old, c.new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), c.old) || schemaError(t, bad, "installer", ManifestVersion) == nil {
			t.Errorf("%s -> %s: the schema accepted it", c.old, c.new)
		}
	}
}

// readYAML reads a manifest file into v through JSON, whose field names
// match the manifest's keys without tags.
func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var y any
	if err := yaml.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(y)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(j, v); err != nil {
		t.Fatal(err)
	}
}

// TestManifestsValidateAndMatchTheMSIs: the three files are valid under
// winget-cli's published schemas (1.10.0, which they declare, and 1.28.0),
// and every MSI fact in them is deployment.json's.
func TestManifestsValidateAndMatchTheMSIs(t *testing.T) {
	dir := t.TempDir()
	manifest, p := release(t, dir, "1.2.3")
	out := t.TempDir()
	files, err := Run(Options{Product: p, Manifest: manifest, Dir: out})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"svcpack.hellosvc.yaml", "svcpack.hellosvc.installer.yaml", "svcpack.hellosvc.locale.en-US.yaml"}
	if strings.Join(files, " ") != strings.Join(want, " ") {
		t.Fatalf("files %q, want %q", files, want)
	}
	for i, kind := range []string{"version", "installer", "defaultLocale"} {
		for _, v := range []string{ManifestVersion, "1.28.0"} {
			validate(t, filepath.Join(out, files[i]), kind, v)
		}
	}
	m, err := deploy.Read(manifest)
	if err != nil {
		t.Fatal(err)
	}
	var inst struct {
		InstallerType, Scope  string
		InstallerSwitches     struct{ Silent, SilentWithProgress, Log string }
		InstallerSuccessCodes []int
		ExpectedReturnCodes   []struct {
			InstallerReturnCode int
			ReturnResponse      string
		}
		Installers []struct {
			Architecture, InstallerUrl, InstallerSha256, ProductCode string
			AppsAndFeaturesEntries                                   []struct{ ProductCode, UpgradeCode, DisplayVersion string }
		}
	}
	readYAML(t, filepath.Join(out, files[1]), &inst)
	if inst.InstallerType != "msi" || inst.Scope != "machine" {
		t.Errorf("InstallerType %q Scope %q, want msi machine", inst.InstallerType, inst.Scope)
	}
	if len(inst.Installers) != len(m.Packages) {
		t.Fatalf("%d installers for %d MSIs", len(inst.Installers), len(m.Packages))
	}
	arch := map[string]string{"x64": "amd64", "x86": "386", "arm64": "arm64"}
	for _, in := range inst.Installers {
		var pkg deploy.Package
		for _, q := range m.Packages {
			if q.Arch == arch[in.Architecture] {
				pkg = q
			}
		}
		url := "https://github.com/svcpack/svcpack/releases/download/v1.2.3/" + pkg.File
		if in.InstallerUrl != url || in.InstallerSha256 != strings.ToUpper(pkg.SHA256) || in.ProductCode != pkg.ProductCode ||
			len(in.AppsAndFeaturesEntries) != 1 || in.AppsAndFeaturesEntries[0].UpgradeCode != pkg.UpgradeCode ||
			in.AppsAndFeaturesEntries[0].ProductCode != pkg.ProductCode || in.AppsAndFeaturesEntries[0].DisplayVersion != "" {
			t.Errorf("%s installer %+v does not describe %s (%s, sha256 %s, ProductCode %s, UpgradeCode %s)",
				in.Architecture, in, pkg.File, url, pkg.SHA256, pkg.ProductCode, pkg.UpgradeCode)
		}
		// winget runs msiexec /i "<file>" with the switches and a log: the
		// install command line of deployment.json, with winget's log path.
		cmd := `msiexec /i "` + pkg.File + `" ` + inst.InstallerSwitches.Silent + " " +
			strings.Replace(inst.InstallerSwitches.Log, "<LOGPATH>", `%WINDIR%\Temp\`+strings.TrimSuffix(pkg.File, ".msi")+"_install.log", 1)
		if cmd != pkg.Install {
			t.Errorf("silent switches make %q, deployment.json says %q", cmd, pkg.Install)
		}
	}
	if inst.InstallerSwitches.SilentWithProgress != "/passive /norestart" {
		t.Errorf("SilentWithProgress %q", inst.InstallerSwitches.SilentWithProgress)
	}
	if fmt.Sprint(inst.InstallerSuccessCodes) != "[1707]" || fmt.Sprint(inst.ExpectedReturnCodes) != "[{1618 installInProgress} {1641 rebootInitiated} {3010 rebootRequiredToFinish}]" {
		t.Errorf("success codes %v, expected return codes %v", inst.InstallerSuccessCodes, inst.ExpectedReturnCodes)
	}
	var loc struct{ Publisher, PackageName, License, ShortDescription, PublisherUrl string }
	readYAML(t, filepath.Join(out, files[2]), &loc)
	if loc.Publisher != m.Packages[0].Manufacturer || loc.PackageName != m.Packages[0].ProductName || loc.License != "Proprietary" ||
		loc.ShortDescription != p.Description || loc.PublisherUrl != "https://github.com/svcpack/svcpack" {
		t.Errorf("locale %+v", loc)
	}
	if m.Channels == nil || m.Channels.Winget == nil || strings.Join(m.Channels.Winget.Files, " ") != strings.Join(want, " ") {
		t.Errorf("deployment.json's channels %+v do not name the winget files", m.Channels)
	}
}

// TestDisplayVersionWhenTheProductVersionDiffers: a snapshot's version
// (1.2.3-4-gabcdef0) is not what Programs and Features shows (1.2.3.4).
func TestDisplayVersionWhenTheProductVersionDiffers(t *testing.T) {
	dir := t.TempDir()
	manifest, p := release(t, dir, "1.2.3-4-gabcdef0")
	if _, err := Run(Options{Product: p, Manifest: manifest, Dir: dir}); err != nil {
		t.Fatal(err)
	}
	var inst struct {
		PackageVersion string
		Installers     []struct {
			AppsAndFeaturesEntries []struct{ DisplayVersion string }
		}
	}
	readYAML(t, filepath.Join(dir, "svcpack.hellosvc.installer.yaml"), &inst)
	if inst.PackageVersion != "1.2.3-4-gabcdef0" || inst.Installers[0].AppsAndFeaturesEntries[0].DisplayVersion != "1.2.3.4" {
		t.Errorf("PackageVersion %q, installers %+v; want DisplayVersion 1.2.3.4", inst.PackageVersion, inst.Installers)
	}
	validate(t, filepath.Join(dir, "svcpack.hellosvc.installer.yaml"), "installer", ManifestVersion)
}

// TestRefusesWithoutWhatOnlyAPersonDecides: no license or URL template in
// svcpack.yaml, no file written.
func TestRefusesWithoutWhatOnlyAPersonDecides(t *testing.T) {
	dir := t.TempDir()
	manifest, p := release(t, dir, "1.2.3")
	p.Channels.License = ""
	out := t.TempDir()
	_, err := Run(Options{Product: p, Manifest: manifest, Dir: out})
	if err == nil || !strings.Contains(err.Error(), "channels.license") {
		t.Errorf("err = %v, want one naming channels.license", err)
	}
	if left, _ := os.ReadDir(out); len(left) != 0 {
		t.Errorf("a refused run wrote %d files", len(left))
	}
}
