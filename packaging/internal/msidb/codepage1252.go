package msidb

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// errForeignCodepage: strings in a codepage the in-process readers do not
// convert. They read UTF-8 (65001), Windows-1252 (1252, and 0, the
// neutral codepage, which is what wixl writes and msitools reads as 1252)
// and ASCII in any codepage; for anything else the DB asks msitools.
var errForeignCodepage = errors.New("strings in a codepage the in-process reader does not convert")

// decodeCodepage returns b, a string of a database or summary in codepage
// cp, as UTF-8.
func decodeCodepage(b []byte, cp int) (string, error) {
	if isASCII(b) {
		return string(b), nil
	}
	switch cp {
	case 65001:
		if !utf8.Valid(b) {
			return "", fmt.Errorf("%w: %q is not UTF-8 (codepage 65001)", errForeignCodepage, b)
		}
		return string(b), nil
	case 0, 1252:
		return decode1252(b)
	}
	return "", fmt.Errorf("%w (codepage %d)", errForeignCodepage, cp)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// windows1252 maps 0x80-0x9F, where Windows-1252 differs from Latin-1;
// 0 marks the five bytes it leaves undefined.
var windows1252 = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

func decode1252(b []byte) (string, error) {
	var s strings.Builder
	s.Grow(len(b) + len(b)/2)
	for _, c := range b {
		r := rune(c)
		if c >= 0x80 && c < 0xA0 {
			if r = windows1252[c-0x80]; r == 0 {
				return "", fmt.Errorf("%w: byte %#x is undefined in Windows-1252", errForeignCodepage, c)
			}
		}
		s.WriteRune(r)
	}
	return s.String(), nil
}
