package msidb

import (
	"context"
)

// Summary is the part of the summary information stream that svcpack reads
// or sets. PackageCode is the "Revision number": Windows Installer caches a
// package by it, so it must change whenever the package's bytes do.
type Summary struct {
	Subject     string
	Author      string
	Template    string // platform;language, e.g. x64;1033 or Arm64;1033
	PackageCode string // {GUID}
	Version     string // minimum Windows Installer version (PID_PAGECOUNT), e.g. 500
}

// ReadSummary reads the summary information of the MSI at path.
func ReadSummary(ctx context.Context, path string) (Summary, error) {
	return Open(path).Summary(ctx)
}

// WriteSummary sets subject, author, template and package code with
// `msibuild -s`; the other properties keep their values.
func WriteSummary(ctx context.Context, path string, s Summary) error {
	return Open(path).WriteSummary(ctx, s)
}
