package deps

import (
	"sort"
	"strings"
)

// missingPackages returns the sorted, de-duplicated Debian packages whose
// tools lookPath cannot find. lookPath is exec.LookPath in production and a
// fake in tests.
func missingPackages(tools []Tool, lookPath func(string) (string, error)) []string {
	seen := map[string]bool{}
	var pkgs []string
	for _, t := range tools {
		if _, err := lookPath(t.Command); err == nil || seen[t.Package] {
			continue
		}
		seen[t.Package] = true
		pkgs = append(pkgs, t.Package)
	}
	sort.Strings(pkgs)
	return pkgs
}

// installArgs is the apt-get argument list that installs pkgs without
// recommends (recommends pull in desktop stacks on a CI image).
func installArgs(pkgs []string) []string {
	return append([]string{"install", "-y", "--no-install-recommends"}, pkgs...)
}

// sudoLine is the one line a non-root user pastes to install pkgs.
func sudoLine(pkgs []string) string {
	return "sudo apt-get " + strings.Join(installArgs(pkgs), " ")
}
