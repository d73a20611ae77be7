package product

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Channels is svcpack.yaml's channels section: what the release channels
// beyond the MSI — winget, Chocolatey, Intune — need and only a person can
// decide. Everything else they say (codes, versions, hashes, command lines)
// comes from the MSIs, through deployment.json.
type Channels struct {
	// License is the license's name or SPDX identifier, such as MIT.
	License    string `yaml:"license"`
	LicenseURL string `yaml:"license_url"`
	// PublisherURL is the publisher's or the project's home page.
	PublisherURL string `yaml:"publisher_url"`
	// Tags are search terms: lower-case letters, digits and hyphens.
	Tags []string `yaml:"tags"`
	// InstallerURL is where each MSI is downloaded from once released:
	// https, with {version} and {file} standing for the release version and
	// the MSI's file name.
	InstallerURL string `yaml:"installer_url"`
	Winget       struct {
		// Identifier is the winget PackageIdentifier; default
		// <company>.<name>.
		Identifier string `yaml:"identifier"`
	} `yaml:"winget"`
	Intune struct {
		// Detection is the detection rule deployment.json recommends:
		// DetectVersion (the default) or DetectProductCode.
		Detection string `yaml:"detection"`
	} `yaml:"intune"`
}

// Intune detection rules: the MSI's ProductCode with its version or later
// (a later release, installed over this one, still satisfies the rule), or
// the ProductCode alone.
const (
	DetectVersion     = "product_code_and_version"
	DetectProductCode = "product_code"
)

// The placeholders InstallerURL may hold.
const (
	URLVersion = "{version}"
	URLFile    = "{file}"
)

var (
	// SPDX identifiers and plain names (winget's License wants 3 to 512
	// characters; nuspec's license element is an SPDX expression).
	licenseRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 .+()-]{2,63}$`)
	// winget's Tag is 1 to 40 characters; a nuspec's tags are
	// space-separated, so none holds a space.
	tagRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)
	// winget's PackageIdentifier: 2 to 8 dot-separated parts of up to 32.
	identifierRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,31}(\.[A-Za-z0-9][A-Za-z0-9_-]{0,31}){1,7}$`)
	// A URL template: urlRE's characters plus the placeholders' braces.
	placeholderRE = regexp.MustCompile(`\{[^}]*\}`)
)

// maxTags is winget's limit.
const maxTags = 16

func (p *Product) channelDefaults() {
	// A company or name winget cannot take (a part over 32 characters, two
	// dots) leaves it unset: the product is still valid, and svcpack winget
	// asks for channels.winget.identifier.
	if id := p.Company + "." + p.Name; p.Channels.Winget.Identifier == "" && identifierRE.MatchString(id) {
		p.Channels.Winget.Identifier = id
	}
	if p.Channels.Intune.Detection == "" {
		p.Channels.Intune.Detection = DetectVersion
	}
}

func (c *checker) channels() {
	ch := &c.p.Channels
	if ch.License != "" && !licenseRE.MatchString(ch.License) {
		c.bad("channels.license", ch.License, "an SPDX identifier or license name of 3 to 64 letters, digits, spaces and .+()-, such as MIT or Apache-2.0")
	}
	for _, u := range []struct{ path, value string }{{"channels.license_url", ch.LicenseURL}, {"channels.publisher_url", ch.PublisherURL}} {
		if u.value != "" && !urlRE.MatchString(u.value) {
			c.bad(u.path, u.value, "an https URL of letters, digits and ._~/%- such as https://example.com/product")
		}
	}
	if len(ch.Tags) > maxTags {
		c.bad("channels.tags", strings.Join(ch.Tags, " "), fmt.Sprintf("at most %d tags (winget's limit)", maxTags))
	}
	for i, t := range ch.Tags {
		path := fmt.Sprintf("channels.tags[%d]", i)
		switch {
		case !tagRE.MatchString(t):
			c.bad(path, t, "1 to 40 lower-case letters, digits and hyphens, starting with a letter or digit")
		case slices.Index(ch.Tags, t) < i:
			c.bad(path, t, "each tag once")
		}
	}
	if ch.InstallerURL != "" {
		c.installerURL(ch.InstallerURL)
	}
	if ch.Winget.Identifier != "" && !identifierRE.MatchString(ch.Winget.Identifier) {
		c.bad("channels.winget.identifier", ch.Winget.Identifier, "2 to 8 dot-separated parts of 1 to 32 letters, digits, _ and -, such as Contoso.MyService (the default is <company>.<name>)")
	}
	if ch.Intune.Detection != DetectVersion && ch.Intune.Detection != DetectProductCode {
		c.bad("channels.intune.detection", ch.Intune.Detection, DetectVersion+" (the ProductCode, at this version or later) or "+DetectProductCode+" (the ProductCode alone)")
	}
}

// installerURL: the template holds {file} (each MSI has its own URL) and no
// other placeholder than {version}, and is an https URL once they are filled.
func (c *checker) installerURL(u string) {
	const want = "an https URL with {file} (the MSI's file name) and optionally {version}, such as https://github.com/OWNER/REPO/releases/download/v{version}/{file}"
	for _, ph := range placeholderRE.FindAllString(u, -1) {
		if ph != URLVersion && ph != URLFile {
			c.bad("channels.installer_url", u, want+"; "+ph+" is no placeholder")
			return
		}
	}
	if !strings.Contains(u, URLFile) || !urlRE.MatchString(InstallerURL(u, "1.2.3", "x_1.2.3_amd64.msi")) {
		c.bad("channels.installer_url", u, want)
	}
}

// InstallerURL fills the template's placeholders.
func InstallerURL(template, version, file string) string {
	return strings.NewReplacer(URLVersion, version, URLFile, file).Replace(template)
}

// RequireChannels names the keys of the channels section that channel needs
// and the file lacks, as one error; nil when all are there.
func (p *Product) RequireChannels(channel string, keys ...string) error {
	var missing []string
	for _, k := range keys {
		var v string
		switch k {
		case "license":
			v = p.Channels.License
		case "installer_url":
			v = p.Channels.InstallerURL
		case "publisher_url":
			v = p.Channels.PublisherURL
		case "winget.identifier":
			v = p.Channels.Winget.Identifier
		default:
			panic("product: RequireChannels knows no key " + k)
		}
		if v == "" {
			missing = append(missing, "channels."+k)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s: %s lacks %s: only you can say it (docs/deploy/%s.md)", channel, p.file, strings.Join(missing, ", "), channel)
	}
	return nil
}
