package deploy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

// TestDescribeRefusesAHostilePackage: issue 18. The MSI describe reads is
// input: a ProductCode edited to "{…}&calc&rem" reached the uninstall
// line. Codes, version and file name are checked before any line is made.
func TestDescribeRefusesAHostilePackage(t *testing.T) {
	ctx := context.Background()
	good, err := os.ReadFile(buildMSIs(t, "1.2.3")[msi.AMD64])
	if err != nil {
		t.Fatal(err)
	}
	const code = "{D9A7E615-4190-4B0A-A6A0-AA6E18070509}"
	for _, c := range []struct {
		file, sql, want string
	}{
		{"a.msi", "UPDATE `Property` SET `Value` = '" + code + "&calc&rem' WHERE `Property` = 'ProductCode'", `ProductCode "` + code + `&calc&rem": want a GUID in braces and upper case`},
		{"a.msi", "UPDATE `Property` SET `Value` = 'D9A7E615-4190-4B0A-A6A0-AA6E18070509' WHERE `Property` = 'UpgradeCode'", `UpgradeCode "D9A7E615-4190-4B0A-A6A0-AA6E18070509": want a GUID in braces`},
		{"a.msi", "UPDATE `Property` SET `Value` = '1.2.3\" & calc & \"' WHERE `Property` = 'ProductVersion'", `ProductVersion "1.2.3\" & calc & \"": want major.minor.build`},
		{"a.msi", "UPDATE `Property` SET `Value` = '256.0.0' WHERE `Property` = 'ProductVersion'", `ProductVersion "256.0.0"`},
		{`x"&calc&".msi`, "", `file name "x\"&calc&\".msi" holds '"'`},
		{"x%PATH%.msi", "", `holds '%'`},
	} {
		path := filepath.Join(t.TempDir(), c.file)
		if err := os.WriteFile(path, good, 0o644); err != nil {
			t.Fatal(err)
		}
		if c.sql != "" {
			if err := msidb.Exec(ctx, path, c.sql); err != nil {
				t.Fatal(err)
			}
		}
		pkg, err := Describe(ctx, path, "")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %s: Describe = %+v, %v; want an error with %q", c.file, c.sql, pkg, err, c.want)
		}
	}
	if _, err := Describe(ctx, buildMSIs(t, "1.2.3")[msi.AMD64], "1.2.3-a&calc"); err == nil || !strings.Contains(err.Error(), `version "1.2.3-a&calc"`) {
		t.Errorf("a hostile release version: %v", err)
	}
}

// TestExampleLinesQuoteByOneRule: the example lines are product.PropertyArg's
// (tested against both ways of splitting a command line there), exactly; a
// product made in code with a value no line prints safely gets no example.
func TestExampleLinesQuoteByOneRule(t *testing.T) {
	pkg := Package{File: "svc_1.2.3_amd64.msi", ProductCode: "{0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9}", Properties: []string{"INSTALLFOLDER", "TOKEN", "NOTE"}}
	p := &product.Product{Name: "svc", Company: "Co", Properties: []product.Property{
		{Name: "INSTALLFOLDER", AppliesTo: "install", Examples: product.Examples{Good: []string{`D:\x y\`}}},
		{Name: "TOKEN", AppliesTo: "install", Examples: product.Examples{Good: []string{"ab&calc"}}},
		{Name: "NOTE", AppliesTo: "install", Examples: product.Examples{Good: []string{"a\u00a0b"}}},
	}}
	got := WithProduct(pkg, p).PropertyDetails
	want := []string{
		`msiexec /i "svc_1.2.3_amd64.msi" INSTALLFOLDER="D:\x y" /qn /norestart /l*v "%WINDIR%\Temp\svc_1.2.3_amd64_install.log"`,
		``,
		"msiexec /i \"svc_1.2.3_amd64.msi\" NOTE=\"a\u00a0b\" /qn /norestart /l*v \"%WINDIR%\\Temp\\svc_1.2.3_amd64_install.log\"",
	}
	for i, d := range got {
		if d.Example != want[i] {
			t.Errorf("%s example %q, want %q", d.Name, d.Example, want[i])
		}
	}
}
