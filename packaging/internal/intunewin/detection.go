package intunewin

import (
	"encoding/xml"
)

// The names the format fixes.
const (
	detectionPath = "IntuneWinPackage/Metadata/Detection.xml"
	contentsName  = "IntunePackage.intunewin"
	contentsPath  = "IntuneWinPackage/Contents/" + contentsName
	profile       = "ProfileVersion1" // the one encryption profile Intune knows
	digestSHA256  = "SHA256"
)

// ApplicationInfo is Detection.xml. The element order is the one
// IntuneWinAppUtil writes; encoding/xml writes fields in declaration order.
type ApplicationInfo struct {
	XMLName xml.Name `xml:"ApplicationInfo"`
	XSD     string   `xml:"xmlns:xsd,attr"`
	XSI     string   `xml:"xmlns:xsi,attr"`
	// Name is the app's name in the admin center: the MSI's ProductName.
	Name string `xml:"Name"`
	// UnencryptedContentSize is the size of the plaintext zip.
	UnencryptedContentSize int64          `xml:"UnencryptedContentSize"`
	FileName               string         `xml:"FileName"`  // always IntunePackage.intunewin
	SetupFile              string         `xml:"SetupFile"` // the MSI's name inside the zip
	EncryptionInfo         EncryptionInfo `xml:"EncryptionInfo"`
	MsiInfo                MsiInfo        `xml:"MsiInfo"`
}

// EncryptionInfo is what decrypts and authenticates the content; every
// binary value is standard base64.
type EncryptionInfo struct {
	EncryptionKey        string `xml:"EncryptionKey"`        // AES-256 key, 32 bytes
	MacKey               string `xml:"MacKey"`               // HMAC-SHA256 key, 32 bytes
	InitializationVector string `xml:"InitializationVector"` // 16 bytes
	Mac                  string `xml:"Mac"`                  // HMAC-SHA256(MacKey, IV || ciphertext)
	ProfileIdentifier    string `xml:"ProfileIdentifier"`    // ProfileVersion1
	FileDigest           string `xml:"FileDigest"`           // SHA-256 of the plaintext zip
	FileDigestAlgorithm  string `xml:"FileDigestAlgorithm"`  // SHA256
}

// MsiInfo is what Intune learns of the MSI without opening it: its codes for
// the detection rule, and how it installs.
type MsiInfo struct {
	MsiProductCode                string `xml:"MsiProductCode"`
	MsiProductVersion             string `xml:"MsiProductVersion"`
	MsiPackageCode                string `xml:"MsiPackageCode"`
	MsiUpgradeCode                string `xml:"MsiUpgradeCode"`
	MsiExecutionContext           string `xml:"MsiExecutionContext"` // System for a per-machine package
	MsiRequiresLogon              bool   `xml:"MsiRequiresLogon"`
	MsiRequiresReboot             bool   `xml:"MsiRequiresReboot"`
	MsiIsMachineInstall           bool   `xml:"MsiIsMachineInstall"`
	MsiIsUserInstall              bool   `xml:"MsiIsUserInstall"`
	MsiIncludesServices           bool   `xml:"MsiIncludesServices"`
	MsiIncludesODBCDataSource     bool   `xml:"MsiIncludesODBCDataSource"`
	MsiContainsSystemRegistryKeys bool   `xml:"MsiContainsSystemRegistryKeys"`
	MsiContainsSystemFolders      bool   `xml:"MsiContainsSystemFolders"`
	MsiPublisher                  string `xml:"MsiPublisher"`
}

// marshal is Detection.xml's bytes: a UTF-8 declaration and the document.
func (a ApplicationInfo) marshal() ([]byte, error) {
	a.XSD = "http://www.w3.org/2001/XMLSchema"
	a.XSI = "http://www.w3.org/2001/XMLSchema-instance"
	b, err := xml.MarshalIndent(a, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(`<?xml version="1.0" encoding="utf-8"?>`+"\n"), append(b, '\n')...), nil
}
