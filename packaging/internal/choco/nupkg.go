package choco

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"strings"
)

// nuspec is the package's manifest, in the schema namespace Chocolatey's
// own templates use.
type nuspec struct {
	XMLName  xml.Name `xml:"http://schemas.microsoft.com/packaging/2015/06/nuspec.xsd package"`
	Metadata metadata `xml:"metadata"`
}

type metadata struct {
	ID                       string `xml:"id"`
	Version                  string `xml:"version"`
	Title                    string `xml:"title"`
	Authors                  string `xml:"authors"`
	ProjectURL               string `xml:"projectUrl,omitempty"`
	LicenseURL               string `xml:"licenseUrl,omitempty"`
	RequireLicenseAcceptance bool   `xml:"requireLicenseAcceptance"`
	Tags                     string `xml:"tags,omitempty"`
	Summary                  string `xml:"summary"`
	Description              string `xml:"description"`
}

// coreProperties is the OPC core-properties part NuGet writes beside the
// .nuspec (package/services/metadata/core-properties/*.psmdcp).
type coreProperties struct {
	XMLName        xml.Name `xml:"http://schemas.openxmlformats.org/package/2006/metadata/core-properties coreProperties"`
	DC             string   `xml:"xmlns:dc,attr"`
	Creator        string   `xml:"dc:creator"`
	Description    string   `xml:"dc:description"`
	Identifier     string   `xml:"dc:identifier"`
	Version        string   `xml:"version"`
	Keywords       string   `xml:"keywords"`
	LastModifiedBy string   `xml:"lastModifiedBy"`
}

const xmlHeader = `<?xml version="1.0" encoding="utf-8"?>` + "\n"

func marshal(v any) ([]byte, error) {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xmlHeader), append(b, '\n')...), nil
}

// The OPC relationship types NuGet's package reader looks for.
const (
	manifestRel       = "http://schemas.microsoft.com/packaging/2010/07/manifest"
	corePropertiesRel = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
)

// partName is a part's name derived from its content, where NuGet takes a
// random GUID: the same package makes the same bytes.
func partName(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:16])
}

// relationships is _rels/.rels: the .nuspec and the core properties.
func relationships(nuspecPath, psmdcpPath string) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + "\n")
	for _, r := range []struct{ typ, target string }{{manifestRel, "/" + nuspecPath}, {corePropertiesRel, "/" + psmdcpPath}} {
		id := "R" + strings.ToUpper(partName([]byte(r.target))[:16])
		fmt.Fprintf(&b, `  <Relationship Type="%s" Target="%s" Id="%s" />`+"\n", r.typ, r.target, id)
	}
	b.WriteString("</Relationships>\n")
	return []byte(b.String())
}

// contentTypes is [Content_Types].xml: each extension's type, as NuGet
// writes them (application/octet for every file of the package's own).
func contentTypes(exts []string) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` + "\n")
	b.WriteString(`  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />` + "\n")
	b.WriteString(`  <Default Extension="psmdcp" ContentType="application/vnd.openxmlformats-package.core-properties+xml" />` + "\n")
	for _, e := range exts {
		fmt.Fprintf(&b, `  <Default Extension="%s" ContentType="application/octet" />`+"\n", e)
	}
	b.WriteString("</Types>\n")
	return []byte(b.String())
}
