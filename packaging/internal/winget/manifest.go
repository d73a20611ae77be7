package winget

// ManifestVersion is the manifest schema the files follow: 1.10.0, which
// every winget client since late 2024 reads and winget-pkgs accepts; the
// fields used here are the same in later schemas (the tests also validate
// against 1.28.0, the newest frozen one).
const ManifestVersion = "1.10.0"

// Locale is the default locale's tag.
const Locale = "en-US"

// versionManifest is <id>.yaml.
type versionManifest struct {
	PackageIdentifier string `yaml:"PackageIdentifier"`
	PackageVersion    string `yaml:"PackageVersion"`
	DefaultLocale     string `yaml:"DefaultLocale"`
	ManifestType      string `yaml:"ManifestType"`
	ManifestVersion   string `yaml:"ManifestVersion"`
}

// installerManifest is <id>.installer.yaml: what holds for every MSI at the
// top, then one installer per architecture.
type installerManifest struct {
	PackageIdentifier     string           `yaml:"PackageIdentifier"`
	PackageVersion        string           `yaml:"PackageVersion"`
	InstallerType         string           `yaml:"InstallerType"`
	Scope                 string           `yaml:"Scope"`
	InstallModes          []string         `yaml:"InstallModes"`
	InstallerSwitches     switches         `yaml:"InstallerSwitches"`
	InstallerSuccessCodes []int            `yaml:"InstallerSuccessCodes,omitempty"`
	ExpectedReturnCodes   []expectedReturn `yaml:"ExpectedReturnCodes,omitempty"`
	UpgradeBehavior       string           `yaml:"UpgradeBehavior"`
	Installers            []installer      `yaml:"Installers"`
	ManifestType          string           `yaml:"ManifestType"`
	ManifestVersion       string           `yaml:"ManifestVersion"`
}

type switches struct {
	Silent             string `yaml:"Silent"`
	SilentWithProgress string `yaml:"SilentWithProgress"`
	Log                string `yaml:"Log"`
}

type expectedReturn struct {
	InstallerReturnCode int    `yaml:"InstallerReturnCode"`
	ReturnResponse      string `yaml:"ReturnResponse"`
}

type installer struct {
	Architecture           string     `yaml:"Architecture"`
	InstallerUrl           string     `yaml:"InstallerUrl"`
	InstallerSha256        string     `yaml:"InstallerSha256"`
	ProductCode            string     `yaml:"ProductCode"`
	AppsAndFeaturesEntries []arpEntry `yaml:"AppsAndFeaturesEntries"`
}

// arpEntry is what Programs and Features shows once the MSI is installed,
// which winget matches an installed package by: the name and publisher are
// the locale's, so only the codes and a differing version are given.
type arpEntry struct {
	DisplayVersion string `yaml:"DisplayVersion,omitempty"` // when it is not PackageVersion

	ProductCode string `yaml:"ProductCode"`
	UpgradeCode string `yaml:"UpgradeCode"`
}

// localeManifest is <id>.locale.en-US.yaml.
type localeManifest struct {
	PackageIdentifier string   `yaml:"PackageIdentifier"`
	PackageVersion    string   `yaml:"PackageVersion"`
	PackageLocale     string   `yaml:"PackageLocale"`
	Publisher         string   `yaml:"Publisher"`
	PublisherUrl      string   `yaml:"PublisherUrl,omitempty"`
	PackageName       string   `yaml:"PackageName"`
	License           string   `yaml:"License"`
	LicenseUrl        string   `yaml:"LicenseUrl,omitempty"`
	ShortDescription  string   `yaml:"ShortDescription"`
	Tags              []string `yaml:"Tags,omitempty"`
	ManifestType      string   `yaml:"ManifestType"`
	ManifestVersion   string   `yaml:"ManifestVersion"`
}
