package msi

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/version"
)

var testVersion = version.Info{Version: "1.2.3-4-gabcdef0", MSI: "1.2.3.4", Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}

// fakeExe stands in for hellosvc.exe where only packaging is under test:
// wixl and the lint never run it.
func fakeExe(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hellosvc.exe")
	if err := os.WriteFile(path, []byte("MZ"+content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// repoProduct is the repository's product file, hellosvc's.
func repoProduct(t testing.TB) *product.Product {
	t.Helper()
	p, err := product.Load("../../../" + product.FileName)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// testOptions build hellosvc's package as svcpack msi does: svcpack's
// template rendered from svcpack.yaml (no wxs:).
func testOptions(t *testing.T, exe string, arch Arch) Options {
	return Options{
		Product: repoProduct(t),
		Icon:    "../../../wix/hellosvc.ico",
		Exe:     exe,
		Arch:    arch,
		Version: testVersion,
		Out:     filepath.Join(t.TempDir(), "hellosvc_"+string(arch)+".msi"),
	}
}

func TestBuildAppliesFixups(t *testing.T) {
	ctx := context.Background()
	exe := fakeExe(t, "x")
	for _, arch := range Arches {
		t.Run(string(arch), func(t *testing.T) {
			opts := testOptions(t, exe, arch)
			if err := Build(ctx, opts); err != nil {
				t.Fatal(err) // includes the lint: every rule passed
			}
			sum, err := msidb.ReadSummary(ctx, opts.Out)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Template != arch.Template() {
				t.Errorf("Template = %q, want %q", sum.Template, arch.Template())
			}
			seq := export(t, opts.Out, "InstallExecuteSequence")
			if got := seq.Find("Action", "RemoveExistingProducts")[0]["Sequence"]; got != "1501" {
				t.Errorf("RemoveExistingProducts at %s, want 1501", got)
			}
			secure, err := msidb.SecureCustomProperties(ctx, opts.Out)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{"LISTEN", "STARTTYPE", "INSTALLFOLDER", "WIX_UPGRADE_DETECTED", "WIX_DOWNGRADE_DETECTED"} {
				if !slices.Contains(secure, p) {
					t.Errorf("SecureCustomProperties %v lacks %s", secure, p)
				}
			}
			reg := export(t, opts.Out, "Registry")
			if got := reg.Find("Name", "EventMessageFile")[0]["Value"]; got != `#%%SystemRoot%\System32\EventCreate.exe` {
				t.Errorf("EventMessageFile = %q, want REG_EXPAND_SZ", got)
			}
			up := export(t, opts.Out, "Upgrade")
			if got := up.Find("ActionProperty", "WIX_UPGRADE_DETECTED")[0]["Attributes"]; got != "513" {
				t.Errorf("upgrade row attributes %s, want 513 (migrate features, same version included)", got)
			}
			props := export(t, opts.Out, "Property")
			want, _ := productCode("{D9A7E615-4190-4B0A-A6A0-AA6E18070509}", testVersion.Version, arch)
			if got := props.Find("Property", "ProductCode")[0]["Value"]; got != want {
				t.Errorf("ProductCode = %s, want %s", got, want)
			}
			svc := export(t, opts.Out, "ServiceInstall")
			if got := svc.Find("Name", "hellosvc")[0]["ErrorControl"]; got != "32769" {
				t.Errorf("ServiceInstall ErrorControl = %s, want 32769 (normal, vital)", got)
			}
			errs := export(t, opts.Out, "Error")
			if got := errs.Find("Error", "1722"); len(got) != 1 || !strings.Contains(got[0]["Message"], "hellosvc could not be configured") || !strings.Contains(got[0]["Message"], "LISTEN like 127.0.0.1:8080") {
				t.Errorf("Error 1722 = %v, want the rendered text naming LISTEN and its example", got)
			}
			dirs := export(t, opts.Out, "Directory")
			wantDir := "ProgramFiles64Folder"
			if arch == I386 {
				wantDir = "ProgramFilesFolder"
			}
			if got := dirs.Find("Directory", "CompanyFolder")[0]["Directory_Parent"]; got != wantDir {
				t.Errorf("install folder under %s, want %s", got, wantDir)
			}
		})
	}
}

// TestBuildIsReproducible builds twice, a wall-clock second and an input
// mtime apart, and wants the same bytes; a different exe must change the
// package code.
func TestBuildIsReproducible(t *testing.T) {
	ctx := context.Background()
	exe := fakeExe(t, "same")
	a := testOptions(t, exe, AMD64)
	if err := Build(ctx, a); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // wixl stamps the clock in seconds: make sure it moved
	if err := os.Chtimes(exe, time.Now(), time.Now()); err != nil {
		t.Fatal(err)
	}
	b := testOptions(t, exe, AMD64)
	if err := Build(ctx, b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(read(t, a.Out), read(t, b.Out)) {
		t.Fatal("two builds of the same inputs differ")
	}

	c := testOptions(t, fakeExe(t, "other"), AMD64)
	if err := Build(ctx, c); err != nil {
		t.Fatal(err)
	}
	sa, _ := msidb.ReadSummary(ctx, a.Out)
	sc, _ := msidb.ReadSummary(ctx, c.Out)
	if sa.PackageCode == sc.PackageCode || sa.PackageCode == placeholderCode {
		t.Fatalf("package codes %s and %s: want distinct derived codes for different content", sa.PackageCode, sc.PackageCode)
	}
}

func export(t *testing.T, path, table string) msidb.Table {
	t.Helper()
	tab, err := msidb.Export(context.Background(), path, table)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// BenchmarkBuild times one MSI from an existing 10 MB exe: wixl, fixups,
// summary stamping and lint.
func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	exe := filepath.Join(dir, "hellosvc.exe")
	payload := bytes.Repeat([]byte("MZ hellosvc stand-in "), 500_000)
	if err := os.WriteFile(exe, payload, 0o644); err != nil {
		b.Fatal(err)
	}
	opts := Options{Product: repoProduct(b), Icon: "../../../wix/hellosvc.ico",
		Exe: exe, Arch: AMD64, Version: testVersion, Out: filepath.Join(dir, "out.msi")}
	for b.Loop() {
		if err := Build(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
}

// otherProduct is svcpack.yaml with every value the WiX source reads changed.
func otherProduct(t *testing.T) *product.Product {
	t.Helper()
	b, err := os.ReadFile("../../../svcpack.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := strings.NewReplacer(
		"name: hellosvc ", "name: othersvc ",
		"company: svcpack ", "company: Contoso ",
		"D9A7E615-4190-4B0A-A6A0-AA6E18070509", "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9",
		"display_name: svcpack hello service", "display_name: Other Service (test)",
		`description: "Sample svcpack service: answers /healthz and /version over HTTP."`, "description: Does other things.",
		`account: NT SERVICE\hellosvc`, `account: NT AUTHORITY\LocalService`,
		"start: auto ", "start: delayed-auto ",
		"restart_delays: [5s, 30s, 60s]", "restart_delays: [1s, 2500ms, 10m]",
		"reset_period: 24h", "reset_period: 1h",
	).Replace(string(b))
	p, err := product.Parse("svcpack.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBuildTakesTheProductsValues builds another product: the rendered
// source and wixl must put the product file's values everywhere the source
// uses them (attributes, registry keys, the configure action's command line,
// launch messages), so that no table the installer acts on names hellosvc.
func TestBuildTakesTheProductsValues(t *testing.T) {
	ctx := context.Background()
	p := otherProduct(t)
	opts := testOptions(t, fakeExe(t, "x"), AMD64)
	opts.Product = p
	if err := Build(ctx, opts); err != nil {
		t.Fatal(err) // the lint holds it to p: identity, account, installer key, properties
	}
	props := export(t, opts.Out, "Property")
	for name, want := range map[string]string{"ProductName": "othersvc", "Manufacturer": "Contoso", "UpgradeCode": "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9"} {
		if got := strings.Trim(props.Find("Property", name)[0]["Value"], "{}"); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	code, _ := productCode(p.UpgradeCode, testVersion.Version, AMD64)
	if got := props.Find("Property", "ProductCode")[0]["Value"]; got != code {
		t.Errorf("ProductCode = %s, want %s (derived from the product file's UpgradeCode)", got, code)
	}
	svc := export(t, opts.Out, "ServiceInstall").Rows[0]
	if svc["Name"] != "othersvc" || svc["DisplayName"] != "Other Service (test)" || svc["Description"] != "Does other things." || svc["StartName"] != `NT AUTHORITY\LocalService` {
		t.Errorf("ServiceInstall %v", svc)
	}
	if got := export(t, opts.Out, "File").Rows[0]["FileName"]; !strings.HasSuffix(got, "othersvc.exe") {
		t.Errorf("File name %q, want othersvc.exe", got)
	}
	ca := export(t, opts.Out, "CustomAction")
	if got := ca.Find("Action", "ConfigureService")[0]["Target"]; got != `service configure --installer-key SOFTWARE\Contoso\othersvc` {
		t.Errorf("configure runs %q", got)
	}
	if got := ca.Find("Action", "DefaultStartType")[0]["Target"]; got != "delayed-auto" {
		t.Errorf("default STARTTYPE %q, want the product's delayed-auto", got)
	}
	// service.recovery reaches `service configure` as two constant REG_SZ
	// values under the installer key, in the form service/manage reads.
	reg := export(t, opts.Out, "Registry")
	for name, want := range map[string]string{"RestartDelaysMs": "1000 2500 600000", "ResetPeriodSeconds": "3600"} {
		rows := reg.Find("Name", name)
		if len(rows) != 1 || strings.TrimSuffix(rows[0]["Key"], `\`) != `SOFTWARE\Contoso\othersvc` || rows[0]["Value"] != want {
			t.Errorf("Registry %s rows %v, want one under SOFTWARE\\Contoso\\othersvc with %q (the same key as StartType)", name, rows, want)
		}
	}
	for _, table := range []string{"ServiceInstall", "ServiceControl", "Registry", "RegLocator", "Directory", "File", "CustomAction", "LaunchCondition", "Upgrade", "Feature"} {
		tab := export(t, opts.Out, table)
		found := false
		for _, r := range tab.Rows {
			for col, v := range r {
				if strings.Contains(v, "hellosvc") {
					t.Errorf("%s.%s = %q names hellosvc", table, col, v)
				}
				found = found || strings.Contains(v, "othersvc") || strings.Contains(v, "Contoso") || strings.Contains(v, "0F1E2D3C")
			}
		}
		if !found {
			t.Errorf("no %s row carries the product's values", table)
		}
	}
}
