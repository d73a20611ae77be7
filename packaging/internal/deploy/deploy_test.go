package deploy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/version"
)

// buildMSIs builds the repository's product (svcpack.yaml and its .wxs) for
// every arch around a stand-in exe (nothing here runs it) and returns the MSI
// paths by arch.
func buildMSIs(t *testing.T, v string) map[msi.Arch]string {
	t.Helper()
	ctx := context.Background()
	if err := deps.Ensure(ctx, deps.MSI...); err != nil {
		t.Fatal(err)
	}
	info, err := version.Parse(v)
	if err != nil {
		t.Fatal(err)
	}
	info.Time = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	dir := t.TempDir()
	p := testProduct(t)
	exe := filepath.Join(dir, p.ExeName())
	if err := os.WriteFile(exe, []byte("MZ stand-in"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := map[msi.Arch]string{}
	for _, arch := range msi.Arches {
		path := filepath.Join(dir, p.MSIName(v, string(arch)))
		err := msi.Build(ctx, msi.Options{
			Product: p, Icon: "../../../" + p.Icon, // the WiX source: svcpack's template rendered for p
			Exe: exe, Arch: arch, Version: info, Out: path,
		})
		if err != nil {
			t.Fatal(err)
		}
		out[arch] = path
	}
	return out
}

// msiinfoProperty reads one property straight from `msiinfo export`, apart
// from the msidb code Describe uses, so the two are checked against each other.
func msiinfoProperty(t *testing.T, path, name string) string {
	t.Helper()
	out, err := exec.Command("msiinfo", "export", path, "Property").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(out), "\r\n") {
		if k, v, ok := strings.Cut(line, "\t"); ok && k == name {
			return v
		}
	}
	t.Fatalf("msiinfo export %s Property: no %s", path, name)
	return ""
}

func upgradeCodeOfSource(t *testing.T) string {
	t.Helper()
	return testProduct(t).UpgradeCode
}

// testProduct is the repository's product file: the MSIs are built from it.
func testProduct(t *testing.T) *product.Product {
	t.Helper()
	p, err := product.Load("../../../" + product.FileName)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDescribeReadsTheBuiltMSI(t *testing.T) {
	ctx := context.Background()
	msis := buildMSIs(t, "1.2.3-4-gabcdef0")
	wantPlatform := map[msi.Arch]string{msi.AMD64: "x64", msi.I386: "Intel", msi.ARM64: "Arm64"}
	codes := map[string]msi.Arch{}
	for arch, path := range msis {
		p, err := Describe(ctx, path, "1.2.3-4-gabcdef0")
		if err != nil {
			t.Fatal(err)
		}
		if want := msiinfoProperty(t, path, "ProductCode"); p.ProductCode != want {
			t.Errorf("%s: ProductCode %q, msiinfo says %q", arch, p.ProductCode, want)
		}
		if other, dup := codes[p.ProductCode]; dup {
			t.Errorf("%s and %s share ProductCode %s", arch, other, p.ProductCode)
		}
		codes[p.ProductCode] = arch
		if want := msiinfoProperty(t, path, "UpgradeCode"); p.UpgradeCode != want || !strings.Contains(want, upgradeCodeOfSource(t)) {
			t.Errorf("%s: UpgradeCode %q, msiinfo says %q, svcpack.yaml %q", arch, p.UpgradeCode, want, upgradeCodeOfSource(t))
		}
		if p.ProductVersion != "1.2.3.4" || p.Version != "1.2.3-4-gabcdef0" {
			t.Errorf("%s: ProductVersion %q, Version %q; want 1.2.3.4 and 1.2.3-4-gabcdef0", arch, p.ProductVersion, p.Version)
		}
		if p.Arch != string(arch) || p.Platform != wantPlatform[arch] {
			t.Errorf("%s: arch %q platform %q, want %s %s", arch, p.Arch, p.Platform, arch, wantPlatform[arch])
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(b); p.SHA256 != hex.EncodeToString(sum[:]) || p.Size != int64(len(b)) {
			t.Errorf("%s: sha256 %s size %d, file has %x size %d", arch, p.SHA256, p.Size, sum, len(b))
		}
		wantInstall := `msiexec /i "` + filepath.Base(path) + `" /qn /norestart /l*v "%WINDIR%\Temp\` +
			strings.TrimSuffix(filepath.Base(path), ".msi") + `_install.log"`
		if p.Install != wantInstall {
			t.Errorf("%s: install %q, want %q", arch, p.Install, wantInstall)
		}
		if want := strings.Replace(wantInstall, `" /qn`, `" TRANSFORMS="site.mst" /qn`, 1); p.InstallWithTransform != want {
			t.Errorf("%s: install with transform %q, want %q", arch, p.InstallWithTransform, want)
		}
		if !strings.HasPrefix(p.Uninstall, "msiexec /x "+p.ProductCode+" /qn /norestart /l*v ") {
			t.Errorf("%s: uninstall %q does not remove ProductCode %s silently with a log", arch, p.Uninstall, p.ProductCode)
		}
		if p.Detection.ProductCode != p.ProductCode || p.Detection.ProductVersion != "1.2.3.4" {
			t.Errorf("%s: detection %+v does not name the product code and version", arch, p.Detection)
		}
		if got := strings.Join(p.Properties, " "); got != "INSTALLFOLDER LISTEN REMOVEDATA STARTTYPE" {
			t.Errorf("%s: admin properties %q, want INSTALLFOLDER LISTEN REMOVEDATA STARTTYPE (not AppSearch or upgrade ones)", arch, got)
		}
	}
}

// TestProductCodeFollowsVersion: a detection rule must tell versions apart,
// while the UpgradeCode that ties them into one product stays.
func TestProductCodeFollowsVersion(t *testing.T) {
	ctx := context.Background()
	a, err := Describe(ctx, buildMSIs(t, "1.2.3")[msi.AMD64], "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Describe(ctx, buildMSIs(t, "1.2.4")[msi.AMD64], "")
	if err != nil {
		t.Fatal(err)
	}
	if a.ProductCode == b.ProductCode || a.UpgradeCode != b.UpgradeCode {
		t.Errorf("1.2.3 %s/%s and 1.2.4 %s/%s: want new ProductCode, same UpgradeCode", a.ProductCode, a.UpgradeCode, b.ProductCode, b.UpgradeCode)
	}
	if a.Version != "1.2.3" {
		t.Errorf("Version %q with none given, want the ProductVersion 1.2.3", a.Version)
	}
}

func TestDescribeRejectsANonMSI(t *testing.T) {
	path := filepath.Join(t.TempDir(), "not.msi")
	if err := os.WriteFile(path, []byte("not a database"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Describe(context.Background(), path, "")
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("Describe of a text file: err = %v, want an error naming it", err)
	}
}

// TestAddConcurrently is what the parallel post-build hooks do: every entry
// arrives, sorted, and a rebuilt package replaces its old entry.
func TestAddConcurrently(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	files := []string{"c.msi", "a.msi", "d.msi", "b.msi", "f.msi", "e.msi"}
	var wg sync.WaitGroup
	errs := make(chan error, len(files))
	for _, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- Add(path, Package{File: f, ProductCode: "{old}"})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := Add(path, Package{File: "b.msi", ProductCode: "{new}"}); err != nil {
		t.Fatal(err)
	}
	m, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range m.Packages {
		got = append(got, p.File+"="+p.ProductCode)
	}
	want := "a.msi={old} b.msi={new} c.msi={old} d.msi={old} e.msi={old} f.msi={old}"
	if strings.Join(got, " ") != want {
		t.Errorf("manifest holds %v, want %s", got, want)
	}
	if m.ReturnCodes["3010"] == "" || m.ReturnCodes["1618"] == "" {
		t.Errorf("return codes %v lack 3010 or 1618", m.ReturnCodes)
	}
	if _, err := os.Stat(path + ".lock"); !os.IsNotExist(err) {
		t.Errorf("lock file left behind: %v", err)
	}
}

// TestManifestCarriesWhatTheGuidesNeed: every return code is classified the
// way SCCM and Intune take it, and each package has the install command line
// with a transform (docs/deploy/ quotes both).
func TestManifestCarriesWhatTheGuidesNeed(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	p := Package{File: "svc_1.2.3_amd64.msi", ProductCode: "{0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9}"}
	p.InstallWithTransform = transformInstall(p)
	if err := Write(path, Manifest{Packages: []Package{p}}); err != nil {
		t.Fatal(err)
	}
	m, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.ReturnCodeKinds) != len(m.ReturnCodes) {
		t.Errorf("return code kinds %v do not cover return codes %v", m.ReturnCodeKinds, m.ReturnCodes)
	}
	for code, want := range map[string]string{"0": KindSuccess, "1707": KindSuccess, "3010": KindSoftReboot, "1641": KindHardReboot, "1618": KindRetry, "1603": KindFailure} {
		if got := m.ReturnCodeKinds[code]; got != want {
			t.Errorf("return code %s is %q, want %q", code, got, want)
		}
		if m.ReturnCodes[code] == "" {
			t.Errorf("return code %s has no description", code)
		}
	}
	want := `msiexec /i "svc_1.2.3_amd64.msi" TRANSFORMS="site.mst" /qn /norestart /l*v "%WINDIR%\Temp\svc_1.2.3_amd64_install.log"`
	if got := m.Packages[0].InstallWithTransform; got != want {
		t.Errorf("install with transform %q, want %q", got, want)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"returnCodeKinds": {`) || !strings.Contains(string(b), `"installWithTransform": "msiexec /i`) {
		t.Errorf("deployment.json lacks the keys the guides name:\n%s", b)
	}
}
