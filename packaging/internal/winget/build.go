package winget

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/service/clip"
)

// architectures maps GOARCH to winget's Architecture.
var architectures = map[string]string{"amd64": "x64", "386": "x86", "arm64": "arm64"}

// responses maps deployment.json's return code kinds to winget's
// ReturnResponse; success codes other than 0 are InstallerSuccessCodes, and
// a failure needs no entry (winget reports any other code as one).
var responses = map[string]string{
	deploy.KindSoftReboot: "rebootRequiredToFinish",
	deploy.KindHardReboot: "rebootInitiated",
	deploy.KindRetry:      "installInProgress",
}

// maxShortDescription is the schema's limit on ShortDescription.
const maxShortDescription = 256

// manifests are the three documents for the packages of one version.
type manifests struct {
	version   versionManifest
	installer installerManifest
	locale    localeManifest
}

// build makes the manifests for pkgs (one version, at most one per arch).
func build(p *product.Product, m deploy.Manifest, pkgs []deploy.Package) (manifests, error) {
	first := pkgs[0]
	id, v := p.Channels.Winget.Identifier, first.Version
	if len([]rune(p.Description)) > maxShortDescription {
		return manifests{}, fmt.Errorf("description %s: winget's ShortDescription holds at most %d characters", clip.Quote(p.Description), maxShortDescription)
	}
	sw, err := silentSwitches(first)
	if err != nil {
		return manifests{}, err
	}
	inst := installerManifest{
		PackageIdentifier: id, PackageVersion: v,
		InstallerType: "msi", Scope: "machine", InstallModes: []string{"silent", "silentWithProgress"},
		InstallerSwitches: sw,
		// The MSI's major upgrade replaces the installed version itself.
		UpgradeBehavior: "install",
		ManifestType:    "installer", ManifestVersion: ManifestVersion,
	}
	codes := make([]string, 0, len(m.ReturnCodeKinds))
	for c := range m.ReturnCodeKinds {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool { return atoi(codes[i]) < atoi(codes[j]) })
	for _, c := range codes {
		n := atoi(c)
		switch kind := m.ReturnCodeKinds[c]; {
		case n == 0:
		case kind == deploy.KindSuccess:
			inst.InstallerSuccessCodes = append(inst.InstallerSuccessCodes, n)
		case responses[kind] != "":
			inst.ExpectedReturnCodes = append(inst.ExpectedReturnCodes, expectedReturn{InstallerReturnCode: n, ReturnResponse: responses[kind]})
		}
	}
	for _, pkg := range pkgs {
		if pkg.Version != v {
			return manifests{}, fmt.Errorf("%s is version %s, %s is %s: one manifest describes one version", first.File, v, pkg.File, pkg.Version)
		}
		if pkg.ProductName != first.ProductName || pkg.Manufacturer != first.Manufacturer || pkg.UpgradeCode != first.UpgradeCode {
			return manifests{}, fmt.Errorf("%s and %s are not the same product (name, manufacturer or UpgradeCode differ)", first.File, pkg.File)
		}
		arch, ok := architectures[pkg.Arch]
		if !ok {
			return manifests{}, fmt.Errorf("%s: arch %s: want amd64, 386 or arm64", pkg.File, clip.Quote(pkg.Arch))
		}
		entry := arpEntry{ProductCode: pkg.ProductCode, UpgradeCode: pkg.UpgradeCode}
		if pkg.ProductVersion != v {
			entry.DisplayVersion = pkg.ProductVersion
		}
		inst.Installers = append(inst.Installers, installer{
			Architecture:           arch,
			InstallerUrl:           product.InstallerURL(p.Channels.InstallerURL, v, pkg.File),
			InstallerSha256:        strings.ToUpper(pkg.SHA256),
			ProductCode:            pkg.ProductCode,
			AppsAndFeaturesEntries: []arpEntry{entry},
		})
	}
	slices.SortFunc(inst.Installers, func(a, b installer) int { return strings.Compare(a.Architecture, b.Architecture) })
	return manifests{
		version:   versionManifest{PackageIdentifier: id, PackageVersion: v, DefaultLocale: Locale, ManifestType: "version", ManifestVersion: ManifestVersion},
		installer: inst,
		locale: localeManifest{
			PackageIdentifier: id, PackageVersion: v, PackageLocale: Locale,
			Publisher: first.Manufacturer, PublisherUrl: p.Channels.PublisherURL,
			PackageName: first.ProductName, License: p.Channels.License, LicenseUrl: p.Channels.LicenseURL,
			ShortDescription: p.Description, Tags: p.Channels.Tags,
			ManifestType: "defaultLocale", ManifestVersion: ManifestVersion,
		},
	}, nil
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// silentSwitches are deployment.json's install command line without
// `msiexec /i "<file>"` and its log: winget runs msiexec with the file, and
// puts its own log path where <LOGPATH> is.
func silentSwitches(pkg deploy.Package) (switches, error) {
	prefix := `msiexec /i "` + pkg.File + `" `
	args, ok := strings.CutPrefix(pkg.Install, prefix)
	silent, _, logged := strings.Cut(args, " /l*v ")
	if !ok || !logged || !strings.HasPrefix(silent, "/qn ") {
		return switches{}, fmt.Errorf("%s's install command line %s: want %s/qn … /l*v LOG", pkg.File, clip.Quote(pkg.Install), prefix)
	}
	return switches{
		Silent:             silent,
		SilentWithProgress: "/passive " + strings.TrimPrefix(silent, "/qn "),
		Log:                `/l*v "<LOGPATH>"`,
	}, nil
}
