package deps

import (
	"sort"
	"strings"
)

// missingPackages returns the sorted, de-duplicated Debian packages whose
// tools the host cannot find.
func missingPackages(tools []Tool, h host) []string {
	seen := map[string]bool{}
	var pkgs []string
	for _, t := range tools {
		if h.has(t) || seen[t.Package] {
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
