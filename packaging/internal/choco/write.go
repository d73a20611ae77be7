package choco

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/svcpack/svcpack/internal/atomicfile"
	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/zipfile"
)

// Options say what Run packages and where.
type Options struct {
	Product  *product.Product
	Manifest string    // deployment.json: the MSIs, as packaging/internal/deploy read them
	Version  string    // the release version; "" when the manifest holds one only
	Dir      string    // where the .nupkg goes
	Time     time.Time // the zip entries' time; zero: 1980-01-01, the zip epoch
}

// ID is the package id Chocolatey knows the product by: its name in lower
// case, as Chocolatey's community repository asks.
func ID(p *product.Product) string { return strings.ToLower(p.Name) }

// Run writes Dir/<id>.<version>.nupkg for the manifest's MSIs of Version and
// names it in the manifest, under the manifest's lock (see winget.Run). The
// package's version is the MSIs' ProductVersion: a snapshot's
// 1.2.3-4-gabcdef0 is 1.2.3.4, which Chocolatey orders between 1.2.3 and
// 1.2.4 as git describe means it.
func Run(o Options) (string, error) {
	var out string
	err := deploy.Change(o.Manifest, func(m *deploy.Manifest) error {
		if err := o.Product.RequireChannels("chocolatey", "license", "installer_url"); err != nil {
			return err
		}
		pkgs, err := m.PackagesOf(o.Version)
		if err != nil {
			return err
		}
		b, name, err := build(o.Product, *m, pkgs, o.Time)
		if err != nil {
			return err
		}
		out = filepath.Join(o.Dir, name)
		if err := atomicfile.Write(out, b); err != nil {
			return err
		}
		if m.Channels == nil {
			m.Channels = &deploy.Channels{}
		}
		m.Channels.Chocolatey = &deploy.ChocolateyChannel{ID: ID(o.Product), Version: pkgs[0].ProductVersion, File: name}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("chocolatey package from %s: %w", o.Manifest, err)
	}
	return out, nil
}

// build is the .nupkg's bytes and file name.
func build(p *product.Product, m deploy.Manifest, pkgs []deploy.Package, t time.Time) ([]byte, string, error) {
	first := pkgs[0]
	var args []scriptArgs
	for _, pkg := range pkgs {
		if pkg.ProductVersion != first.ProductVersion || pkg.UpgradeCode != first.UpgradeCode {
			return nil, "", fmt.Errorf("%s and %s are not one release of one product (ProductVersion or UpgradeCode differ)", first.File, pkg.File)
		}
		a, err := argsOf(p, pkg)
		if err != nil {
			return nil, "", err
		}
		args = append(args, a)
	}
	id, v := ID(p), first.ProductVersion
	exits := validExitCodes(m)
	spec, err := marshal(nuspec{Metadata: metadata{
		ID: id, Version: v, Title: first.ProductName, Authors: first.Manufacturer,
		ProjectURL: p.Channels.PublisherURL, LicenseURL: p.Channels.LicenseURL,
		Tags: strings.Join(p.Channels.Tags, " "), Summary: p.Description, Description: p.Description,
	}})
	if err != nil {
		return nil, "", err
	}
	core, err := marshal(coreProperties{
		DC: "http://purl.org/dc/elements/1.1/", Creator: first.Manufacturer, Description: p.Description,
		Identifier: id, Version: v, Keywords: strings.Join(p.Channels.Tags, " "), LastModifiedBy: "svcpack",
	})
	if err != nil {
		return nil, "", err
	}
	nuspecPath := id + ".nuspec"
	psmdcpPath := "package/services/metadata/core-properties/" + partName(core) + ".psmdcp"
	if t.IsZero() {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	b, err := zipfile.Zip([]zipfile.Entry{
		{Name: "_rels/.rels", Data: relationships(nuspecPath, psmdcpPath)},
		{Name: nuspecPath, Data: spec},
		{Name: "tools/chocolateyinstall.ps1", Data: []byte(installScript(args, exits))},
		{Name: "tools/chocolateyuninstall.ps1", Data: []byte(uninstallScript(args, exits))},
		{Name: psmdcpPath, Data: core},
		{Name: "[Content_Types].xml", Data: contentTypes([]string{"nuspec", "ps1"})},
	}, t)
	if err != nil {
		return nil, "", err
	}
	return b, id + "." + v + ".nupkg", nil
}
