package msidb

import (
	"context"
	"fmt"
	"strings"
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

// ReadSummary reads the summary information with `msiinfo suminfo`.
func ReadSummary(ctx context.Context, path string) (Summary, error) {
	return readSummary(ctx, path)
}

func readSummary(ctx context.Context, path string) (Summary, error) {
	out, err := run(ctx, "msiinfo", "suminfo", path)
	if err != nil {
		return Summary{}, err
	}
	var s Summary
	for _, line := range strings.Split(string(out), "\n") {
		key, value, ok := strings.Cut(strings.TrimRight(line, "\r"), ": ")
		if !ok {
			continue
		}
		switch key {
		case "Subject":
			s.Subject = value
		case "Author":
			s.Author = value
		case "Template":
			s.Template = value
		case "Revision number (UUID)":
			s.PackageCode = value
		case "Version":
			s.Version, _, _ = strings.Cut(value, " ")
		}
	}
	if s.Template == "" || s.PackageCode == "" {
		return Summary{}, fmt.Errorf("read summary information of %s: no Template or package code in %q", path, out)
	}
	return s, nil
}

// WriteSummary sets subject, author, template and package code with
// `msibuild -s`; the other properties keep their values.
func WriteSummary(ctx context.Context, path string, s Summary) error {
	return Open(path).WriteSummary(ctx, s)
}
