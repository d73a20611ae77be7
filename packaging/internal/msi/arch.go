// Package msi builds a product's MSIs on Linux: wixl compiles its .wxs with
// the values of svcpack.yaml as preprocessor variables, msibuild adds what
// wixl cannot author, and codes and timestamps are derived from the inputs so
// that two builds of one commit are byte-identical.
package msi

import (
	"fmt"
	"strings"
)

// Arch is a target, named as GOARCH names it.
type Arch string

const (
	AMD64 Arch = "amd64"
	I386  Arch = "386"
	ARM64 Arch = "arm64"
)

// Arches are every target a product may name.
var Arches = []Arch{AMD64, I386, ARM64}

// ParseArch accepts a GOARCH name.
func ParseArch(s string) (Arch, error) {
	switch a := Arch(s); a {
	case AMD64, I386, ARM64:
		return a, nil
	}
	return "", fmt.Errorf("architecture %q: want amd64, 386 or arm64", s)
}

// Win64 reports a 64-bit package: components marked 64-bit, ProgramFiles64Folder.
func (a Arch) Win64() bool { return a != I386 }

// wixArch is the Arch preprocessor variable of the .wxs.
func (a Arch) wixArch() string {
	switch a {
	case I386:
		return "x86"
	case ARM64:
		return "arm64"
	}
	return "x64"
}

// wixlArch is wixl's -a: it knows no arm64, so an arm64 package is built as
// x64 (64-bit components, ProgramFiles64Folder) and retargeted by Template.
func (a Arch) wixlArch() string {
	if a == I386 {
		return "x86"
	}
	return "x64"
}

// Template is the summary information Template: platform;language.
func (a Arch) Template() string {
	switch a {
	case I386:
		return "Intel;1033"
	case ARM64:
		return "Arm64;1033"
	}
	return "x64;1033"
}

// ArchOfTemplate is the architecture of a package whose summary Template is
// t (x64;1033, Intel;1033, Arm64;1033; an empty platform means Intel).
func ArchOfTemplate(t string) (Arch, error) {
	platform, _, _ := strings.Cut(t, ";")
	switch strings.ToLower(platform) {
	case "x64":
		return AMD64, nil
	case "intel", "":
		return I386, nil
	case "arm64":
		return ARM64, nil
	}
	return "", fmt.Errorf("summary Template %q: want x64, Intel or Arm64", t)
}
