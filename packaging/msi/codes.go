package msi

import (
	"crypto/sha256"
	"encoding/xml"
	"fmt"
	"io"
	"os"
)

// productCode identifies one version of the product for one architecture.
// It is derived, not random, so that rebuilding a commit gives the same
// package; it differs between commits because version carries the commit.
func productCode(upgradeCode, version string, arch Arch) (string, error) {
	return uuidV5(upgradeCode, "product/"+version+"/"+string(arch))
}

// packageCode identifies the package's bytes: Windows Installer caches a
// package by it, so it is derived from the content (hashed with a
// placeholder package code in place).
func packageCode(upgradeCode, msiPath string) (string, error) {
	f, err := os.Open(msiPath)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash %s: %w", msiPath, err)
	}
	return uuidV5(upgradeCode, fmt.Sprintf("package/%x", h.Sum(nil)))
}

// upgradeCodeOf reads Product/@UpgradeCode from the WiX source: it is the
// namespace of the derived codes and never changes for the product's life.
func upgradeCodeOf(wxs string) (string, error) {
	f, err := os.Open(wxs)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var doc struct {
		Product struct {
			UpgradeCode string `xml:"UpgradeCode,attr"`
		} `xml:"Product"`
	}
	d := xml.NewDecoder(f)
	d.Strict = false // processing instructions (<?if?>) are not XML elements to decode
	if err := d.Decode(&doc); err != nil {
		return "", fmt.Errorf("read UpgradeCode from %s: %w", wxs, err)
	}
	if _, err := parseUUID(doc.Product.UpgradeCode); err != nil {
		return "", fmt.Errorf("read UpgradeCode from %s: %w", wxs, err)
	}
	return doc.Product.UpgradeCode, nil
}
