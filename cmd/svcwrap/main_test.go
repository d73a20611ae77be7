package main

import (
	"strings"
	"testing"
)

func TestNeedsTrust(t *testing.T) {
	for args, want := range map[string]bool{
		"":                  false, // console run: the user's own rights
		"service run":       true,
		"service install":   true,
		"service configure": true,
		// Run as LocalSystem by the MSI, with the config's name.
		"service preflight":   true,
		"service remove-data": true,
		"service start":       false,
		"service status":      false,
		"service uninstall":   false,
		"service":             false,
	} {
		var a []string
		if args != "" {
			a = strings.Fields(args)
		}
		if got := needsTrust(a); got != want {
			t.Errorf("needsTrust(%q) = %v, want %v", args, got, want)
		}
	}
}
