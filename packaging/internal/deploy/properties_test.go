package deploy

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/msi"
)

// TestDescribeTellsANewcomerWhatToSet: each MSI says which Windows and
// architecture it needs (its own launch conditions' messages), and with the
// product file each settable property has its pattern, default, description,
// when it applies, whether it is remembered, and an example command line
// whose value the pattern accepts.
func TestDescribeTellsANewcomerWhatToSet(t *testing.T) {
	ctx := context.Background()
	p := testProduct(t)
	for arch, path := range buildMSIs(t, "1.2.3") {
		pkg, err := Describe(ctx, path, "1.2.3")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(pkg.Requires.OS, "needs Windows 10 or Windows Server 2016 or newer") {
			t.Errorf("%s: requires.os %q", arch, pkg.Requires.OS)
		}
		wantArch := map[msi.Arch]string{msi.AMD64: "x64: This " + p.Name + " package is for 64-bit Windows.",
			msi.ARM64: "Arm64: This " + p.Name + " package is for 64-bit Windows.", msi.I386: "Intel: This " + p.Name + " package is for 32-bit Windows."}[arch]
		if !strings.HasPrefix(pkg.Requires.Architecture, wantArch) {
			t.Errorf("%s: requires.architecture %q, want it to begin %q", arch, pkg.Requires.Architecture, wantArch)
		}
		if len(pkg.PropertyDetails) != 0 {
			t.Errorf("%s: property details without a product file", arch)
		}
		pkg = WithProduct(pkg, p)
		if len(pkg.PropertyDetails) != len(pkg.Properties) {
			t.Fatalf("%s: details for %d of %d properties", arch, len(pkg.PropertyDetails), len(pkg.Properties))
		}
		for i, d := range pkg.PropertyDetails {
			prop := p.Properties[0]
			for _, q := range p.Properties {
				if q.Name == d.Name {
					prop = q
				}
			}
			if d.Name != pkg.Properties[i] || d.Pattern != prop.Pattern || d.Description != prop.Description || d.Remembered != prop.Remembered || d.Description == "" {
				t.Errorf("%s: %+v does not carry the product file's %+v", arch, d, prop)
			}
			re := regexp.MustCompile(`^(?:` + d.Pattern + `)$`)
			if d.Default != "" && !re.MatchString(d.Default) && d.Name != "INSTALLFOLDER" {
				t.Errorf("%s: %s default %q does not match its pattern", arch, d.Name, d.Default)
			}
			verb := map[string]string{"install": `msiexec /i "` + pkg.File + `" ` + d.Name + "=", "uninstall": "msiexec /x " + pkg.ProductCode + " " + d.Name + "="}[d.AppliesTo]
			if verb == "" || !strings.HasPrefix(d.Example, verb) || !strings.Contains(d.Example, " /qn /norestart /l*v ") {
				t.Errorf("%s: %s applies to %q, example %q", arch, d.Name, d.AppliesTo, d.Example)
				continue
			}
			value := strings.Trim(strings.SplitN(strings.TrimPrefix(d.Example, verb), " /qn", 2)[0], `"`)
			if !re.MatchString(value) {
				t.Errorf("%s: %s example value %q does not match its pattern %q", arch, d.Name, value, d.Pattern)
			}
		}
		byName := map[string]PropertyDoc{}
		for _, d := range pkg.PropertyDetails {
			byName[d.Name] = d
		}
		if d := byName["STARTTYPE"]; d.Default != p.Service.Start || !d.Remembered {
			t.Errorf("%s: STARTTYPE %+v, want default %q (service.start), remembered", arch, d, p.Service.Start)
		}
		if d := byName["REMOVEDATA"]; d.AppliesTo != "uninstall" {
			t.Errorf("%s: REMOVEDATA applies to %q, want uninstall", arch, d.AppliesTo)
		}
	}
}
