package transform

import (
	"encoding/binary"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/svcpack/svcpack/packaging/internal/cfb"
	"github.com/svcpack/svcpack/service/clip"
)

// Target is what a transform is made for: read from the MSI (ReadTarget).
type Target struct {
	ProductCode    string // {GUID}
	ProductVersion string // 1.2.3
	UpgradeCode    string // {GUID}
	// Template is the summary's platform;language (x64;1033).
	Template string
	// InstallerVersion is the package's minimum Windows Installer version
	// (500 = 5.0), the transform's too.
	InstallerVersion int
	// Codepage is the database's codepage: 0 (neutral) or a Windows code
	// page up to 65535, which the string pool holds in 16 bits; Build
	// refuses any other. Values must be ASCII unless it is 65001 (UTF-8).
	Codepage int
	// Properties are the names of the package's Property table rows.
	Properties []string
}

// Setting is one NAME=VALUE an admin gives.
type Setting struct{ Name, Value string }

// Validation and error-condition flags of PID_CHARCOUNT (MSITRANSFORM_*).
const (
	validateProduct           = 0x0002
	validateUpdateVersion     = 0x0020 // compare major.minor.update
	validateNewEqualBaseVer   = 0x0100 // the package's version must equal the transform's
	validateUpgradeCode       = 0x0800
	errorConditionsSuppressed = 0 // none: every row is made against this package
)

// Validation is what a site transform requires of the package it is applied
// to: the same product code, the same upgrade code and the same
// major.minor.update version. A transform made for another product, or for
// another release of this one, is refused by msiexec (error 1624) rather
// than applied to rows it was not made for. docs/transforms.md explains why.
const Validation = (validateProduct|validateUpgradeCode|validateUpdateVersion|validateNewEqualBaseVer)<<16 | errorConditionsSuppressed

// classID is CLSID_MsiTransform, {000C1082-0000-0000-C000-000000000046}:
// msiexec refuses a file whose root storage has another.
var classID = [16]byte{0x82, 0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}

// Property-table row masks: an update carries the key and column 2 (Value);
// an insert carries both columns.
const (
	maskUpdateValue = 1 << 1
	maskInsertRow   = 2<<8 | 1
)

// Build returns the bytes of a transform that sets each property of sets in
// t's package: an update of its Property row, or an insert where the
// package has none. Values are not checked against an allowlist here (Check
// does that); only what the format needs: not empty (the Value column is
// not nullable), representable in the package's codepage.
func Build(t Target, sets []Setting) ([]byte, error) {
	if len(sets) == 0 {
		return nil, fmt.Errorf("make transform: no property to set")
	}
	for _, f := range []struct{ name, value string }{{"product code", t.ProductCode}, {"upgrade code", t.UpgradeCode}, {"product version", t.ProductVersion}} {
		if !revField.MatchString(f.value) {
			return nil, fmt.Errorf("make transform: the package's %s %s cannot be written into a transform", f.name, clip.Quote(f.value))
		}
	}
	if t.Codepage < 0 || t.Codepage > maxCodepage {
		return nil, fmt.Errorf("make transform: the package's codepage %d is not one a transform can carry (0 for neutral, or a Windows code page up to %d)", t.Codepage, maxCodepage)
	}
	if !template.MatchString(t.Template) {
		return nil, fmt.Errorf("make transform: the package's template %s is not PLATFORM;LANGUAGE", clip.Quote(t.Template))
	}
	sorted := slices.Clone(sets)
	slices.SortFunc(sorted, func(a, b Setting) int { return strings.Compare(a.Name, b.Name) })
	pool := newStringPool(t.Codepage)
	var rows []byte
	for i, s := range sorted {
		if i > 0 && sorted[i-1].Name == s.Name {
			return nil, fmt.Errorf("make transform: property %s is set twice", s.Name)
		}
		if err := encodable(s, t.Codepage); err != nil {
			return nil, err
		}
		mask := uint16(maskInsertRow)
		if slices.Contains(t.Properties, s.Name) {
			mask = maskUpdateValue
		}
		key, err := pool.ref(s.Name)
		if err != nil {
			return nil, fmt.Errorf("make transform: property %s: %w", s.Name, err)
		}
		value, err := pool.ref(s.Value)
		if err != nil {
			return nil, fmt.Errorf("make transform: property %s: %w", s.Name, err)
		}
		rows = binary.LittleEndian.AppendUint16(rows, mask)
		rows = binary.LittleEndian.AppendUint16(rows, key)
		rows = binary.LittleEndian.AppendUint16(rows, value)
	}
	stringPool, stringData := pool.streams()
	summary := summaryStream(map[uint32]summaryValue{
		pidCodepage:   {vt: vtI2, num: summaryCodepage},
		pidTitle:      {vt: vtLPSTR, str: "Transform"},
		pidTemplate:   {vt: vtLPSTR, str: t.Template},
		pidLastAuthor: {vt: vtLPSTR, str: t.Template},
		pidRevNumber:  {vt: vtLPSTR, str: RevNumber(t)},
		pidPageCount:  {vt: vtI4, num: int32(t.InstallerVersion)},
		pidCharCount:  {vt: vtI4, num: Validation},
		pidAppName:    {vt: vtLPSTR, str: "svcpack"},
		pidSecurity:   {vt: vtI4, num: securityReadOnlyEnforced},
	})
	b, err := cfb.Build(classID, []cfb.Stream{
		{Name: "\x05SummaryInformation", Data: summary},
		{Name: tableStreamName("_StringPool"), Data: stringPool},
		{Name: tableStreamName("_StringData"), Data: stringData},
		{Name: tableStreamName("Property"), Data: rows},
	})
	if err != nil {
		return nil, fmt.Errorf("make transform: %w", err)
	}
	return b, nil
}

var (
	revField = regexp.MustCompile(`^(\{[0-9A-Fa-f-]{36}\}|[0-9]+(\.[0-9]+){0,3})$`)
	template = regexp.MustCompile(`^[A-Za-z0-9]*;[0-9,]+$`)
)

// RevNumber is the transform's PID_REVNUMBER: the package's product code and
// version before and after the transform (the same: a site transform changes
// neither), then its upgrade code.
func RevNumber(t Target) string {
	return t.ProductCode + t.ProductVersion + ";" + t.ProductCode + t.ProductVersion + ";" + t.UpgradeCode
}

// encodable refuses what the package's codepage cannot hold: a neutral or
// single-byte codepage database takes ASCII (which every codepage maps the
// same way); 65001 takes UTF-8. NUL ends a string in the installer.
func encodable(s Setting, codepage int) error {
	if !utf8.ValidString(s.Value) || strings.ContainsRune(s.Value, 0) {
		return fmt.Errorf("make transform: value %s of %s is not valid text", clip.Quote(s.Value), s.Name)
	}
	if s.Value == "" {
		return fmt.Errorf("make transform: %s has an empty value; the Property table cannot hold one: leave %s out to keep its default", s.Name, s.Name)
	}
	if codepage == 65001 {
		return nil
	}
	for _, r := range s.Value {
		if r >= 0x80 {
			return fmt.Errorf("make transform: value %s of %s has a non-ASCII character %q, which a database with codepage %d cannot hold", clip.Quote(s.Value), s.Name, r, codepage)
		}
	}
	return nil
}
