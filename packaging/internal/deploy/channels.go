package deploy

import (
	"fmt"

	"github.com/svcpack/svcpack/service/clip"
)

// Channels names the files the channel stages made from the manifest's
// MSIs, so that an admin finds every form of the release in one place.
type Channels struct {
	Intune     *IntuneChannel     `json:"intune,omitempty"`
	Winget     *WingetChannel     `json:"winget,omitempty"`
	Chocolatey *ChocolateyChannel `json:"chocolatey,omitempty"`
}

// IntuneChannel: the .intunewin of each MSI (packaging/internal/intunewin), and the
// detection rule svcpack.yaml's channels.intune.detection chose.
type IntuneChannel struct {
	Packages  map[string]string `json:"packages"`  // MSI file name -> its .intunewin
	Detection string            `json:"detection"` // product_code_and_version or product_code
}

// WingetChannel: the multi-file manifest (packaging/internal/winget).
type WingetChannel struct {
	Identifier string   `json:"identifier"`
	Version    string   `json:"version"`
	Files      []string `json:"files"` // version, installer and default-locale manifests
}

// ChocolateyChannel: the .nupkg (packaging/internal/choco).
type ChocolateyChannel struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	File    string `json:"file"`
}

// Change runs change on the manifest at path and writes the result, under
// the lock Add holds. A stage that writes files derived from all of the
// manifest's packages does so inside change: the goreleaser hooks of the
// builds run side by side, and the last one to take the lock then sees every
// package the others added.
// When change fails, the manifest is left as it was.
func Change(path string, change func(*Manifest) error) error {
	unlock, err := lock(path + ".lock")
	if err != nil {
		return err
	}
	defer unlock()
	m, err := Read(path)
	if err != nil {
		return err
	}
	if err := change(&m); err != nil {
		return err
	}
	return Write(path, m)
}

// PackagesOf are the packages of version v, or of the one version the
// manifest holds when v is "": a channel describes one release.
func (m Manifest) PackagesOf(v string) ([]Package, error) {
	if v == "" {
		for _, p := range m.Packages {
			if v != "" && p.Version != v {
				return nil, fmt.Errorf("the manifest holds versions %s and %s: say which with --version", clip.Quote(v), clip.Quote(p.Version))
			}
			v = p.Version
		}
	}
	var pkgs []Package
	for _, p := range m.Packages {
		if p.Version == v {
			pkgs = append(pkgs, p)
		}
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("the manifest has no MSI of version %s", clip.Quote(v))
	}
	return pkgs, nil
}
