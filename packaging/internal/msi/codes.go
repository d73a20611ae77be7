package msi

import (
	"crypto/sha256"
	"fmt"
	"io"
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
func packageCode(upgradeCode string, msi io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, msi); err != nil {
		return "", fmt.Errorf("hash the package: %w", err)
	}
	return uuidV5(upgradeCode, fmt.Sprintf("package/%x", h.Sum(nil)))
}
