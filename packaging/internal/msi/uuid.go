package msi

import (
	"crypto/sha1"
	"fmt"
	"strings"
)

// uuidV5 is RFC 9562's name-based UUID (SHA-1) of name in namespace, in the
// upper-case braced form Windows Installer requires.
func uuidV5(namespace, name string) (string, error) {
	ns, err := parseUUID(namespace)
	if err != nil {
		return "", err
	}
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0F | 0x50 // version 5
	u[8] = u[8]&0x3F | 0x80 // RFC variant
	return fmt.Sprintf("{%X-%X-%X-%X-%X}", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16]), nil
}

func parseUUID(s string) ([16]byte, error) {
	var u [16]byte
	hex := strings.ReplaceAll(strings.Trim(s, "{}"), "-", "")
	if len(hex) != 32 {
		return u, fmt.Errorf("GUID %q: want 32 hex digits", s)
	}
	for i := range u {
		if _, err := fmt.Sscanf(hex[2*i:2*i+2], "%02x", &u[i]); err != nil {
			return u, fmt.Errorf("GUID %q: %w", s, err)
		}
	}
	return u, nil
}
