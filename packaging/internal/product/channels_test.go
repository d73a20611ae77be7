package product

import (
	"strings"
	"testing"
)

func TestChannelsHellosvc(t *testing.T) {
	p, err := Parse("svcpack.yaml", []byte(base(t)))
	if err != nil {
		t.Fatal(err)
	}
	ch := p.Channels
	if ch.License != "Proprietary" || ch.Winget.Identifier != "svcpack.hellosvc" || ch.Intune.Detection != DetectVersion ||
		strings.Join(ch.Tags, " ") != "service windows-service sample" {
		t.Errorf("channels %+v", ch)
	}
	if got := InstallerURL(ch.InstallerURL, "1.2.3", "hellosvc_1.2.3_amd64.msi"); got != "https://github.com/svcpack/svcpack/releases/download/v1.2.3/hellosvc_1.2.3_amd64.msi" {
		t.Errorf("installer URL %q", got)
	}
	if err := p.RequireChannels("winget", "license", "installer_url"); err != nil {
		t.Error(err)
	}
}

func TestChannelsDefaultsAndRequire(t *testing.T) {
	src := base(t)
	src = src[:strings.Index(src, "\nchannels:")] + "\n"
	p, err := Parse("svcpack.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.Channels.Winget.Identifier != "svcpack.hellosvc" || p.Channels.Intune.Detection != DetectVersion {
		t.Errorf("defaults %+v", p.Channels)
	}
	err = p.RequireChannels("chocolatey", "license", "installer_url")
	if err == nil || !strings.Contains(err.Error(), "channels.license, channels.installer_url") || !strings.Contains(err.Error(), "docs/deploy/chocolatey.md") {
		t.Errorf("RequireChannels without the section: %v", err)
	}
}

func TestChannelsInvalid(t *testing.T) {
	for _, c := range []struct{ old, new, want string }{
		{"license: Proprietary", "license: M", `channels.license: "M" is not valid`},
		{"license: Proprietary", `license: "MIT <b>"`, `channels.license: "MIT <b>" is not valid`},
		{"publisher_url: https://github.com/svcpack/svcpack", "publisher_url: http://example.com", `channels.publisher_url: "http://example.com" is not valid`},
		{"tags: [service, windows-service, sample]", "tags: [service, Windows]", `channels.tags[1]: "Windows" is not valid`},
		{"tags: [service, windows-service, sample]", "tags: [service, service]", `channels.tags[1]: "service" is not valid: expected each tag once`},
		{"tags: [service, windows-service, sample]", "tags: [a b]", `channels.tags[0]: "a b" is not valid`},
		{"download/v{version}/{file}", "download/v{version}/x.msi", `channels.installer_url: "https://github.com/svcpack/svcpack/releases/download/v{version}/x.msi" is not valid: expected an https URL with {file}`},
		{"download/v{version}/{file}", "download/{arch}/{file}", "{arch} is no placeholder"},
		{"installer_url: https://", "installer_url: http://", `channels.installer_url: "http://`},
		{"download/v{version}/{file}", "download/v{version}/{file}?x=<y>", `channels.installer_url: "https://github.com/svcpack/svcpack/releases/download/v{version}/{file}?x=<y>" is not valid`},
		{"identifier: svcpack.hellosvc", "identifier: hellosvc", `channels.winget.identifier: "hellosvc" is not valid`},
		{"identifier: svcpack.hellosvc", "identifier: svcpack..hellosvc", `channels.winget.identifier: "svcpack..hellosvc" is not valid`},
		{"detection: product_code_and_version", "detection: file", `channels.intune.detection: "file" is not valid`},
		{"  intune:", "  intunes:", `channels.intunes: unknown key "intunes"`},
	} {
		src := edit(t, base(t), c.old, c.new)
		_, err := Parse("svcpack.yaml", []byte(src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s -> %s: err = %v, want %q", c.old, c.new, err, c.want)
		}
	}
}

// TestChannelsIdentifierDefaultNeverInvalidatesAProduct: a company winget's
// identifier cannot hold leaves the default unset rather than failing the
// product file; svcpack winget then asks for it.
func TestChannelsIdentifierDefaultNeverInvalidatesAProduct(t *testing.T) {
	src := edit(t, base(t), "company: svcpack", "company: "+strings.Repeat("c", 40))
	src = edit(t, src, "    identifier: svcpack.hellosvc    # the default: <company>.<name>\n", "")
	p, err := Parse("svcpack.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.Channels.Winget.Identifier != "" {
		t.Errorf("identifier %q, want none", p.Channels.Winget.Identifier)
	}
	err = p.RequireChannels("winget", "license", "installer_url", "winget.identifier")
	if err == nil || !strings.Contains(err.Error(), "channels.winget.identifier") {
		t.Errorf("RequireChannels: %v, want channels.winget.identifier named", err)
	}
}
