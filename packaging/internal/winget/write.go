package winget

import (
	"bytes"
	"fmt"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/svcpack/svcpack/internal/atomicfile"
	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

// Options say what Run describes and where.
type Options struct {
	Product  *product.Product
	Manifest string // deployment.json: the MSIs, as packaging/internal/deploy read them
	Version  string // the release version; "" when the manifest holds one only
	Dir      string // where the three files go
}

// Run writes Dir/<id>.yaml, <id>.installer.yaml and <id>.locale.en-US.yaml
// for the manifest's MSIs of Version, and names them in the manifest. It
// holds the manifest's lock throughout, so that of goreleaser's parallel
// hooks the last one writes the files for every MSI.
func Run(o Options) ([]string, error) {
	var files []string
	err := deploy.Change(o.Manifest, func(m *deploy.Manifest) error {
		if err := o.Product.RequireChannels("winget", "license", "installer_url", "winget.identifier"); err != nil {
			return err
		}
		pkgs, err := m.PackagesOf(o.Version)
		if err != nil {
			return err
		}
		ms, err := build(o.Product, *m, pkgs)
		if err != nil {
			return err
		}
		id := o.Product.Channels.Winget.Identifier
		for _, f := range []struct {
			name, kind string
			doc        any
		}{
			{id + ".yaml", "version", ms.version},
			{id + ".installer.yaml", "installer", ms.installer},
			{id + ".locale." + Locale + ".yaml", "defaultLocale", ms.locale},
		} {
			b, err := encode(f.kind, f.doc)
			if err != nil {
				return err
			}
			path := filepath.Join(o.Dir, f.name)
			if err := atomicfile.Write(path, b); err != nil {
				return err
			}
			files = append(files, f.name)
		}
		if m.Channels == nil {
			m.Channels = &deploy.Channels{}
		}
		m.Channels.Winget = &deploy.WingetChannel{Identifier: id, Version: ms.version.PackageVersion, Files: files}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("winget from %s: %w", o.Manifest, err)
	}
	return files, nil
}

// encode is one manifest file: the schema comment editors and winget-pkgs'
// tooling read, then the document.
func encode(kind string, doc any) ([]byte, error) {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Created by svcpack from deployment.json and svcpack.yaml.\n")
	fmt.Fprintf(&buf, "# yaml-language-server: $schema=https://aka.ms/winget-manifest.%s.%s.schema.json\n\n", kind, ManifestVersion)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
