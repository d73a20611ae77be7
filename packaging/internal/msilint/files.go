package msilint

import (
	"fmt"
	"strings"
)

// RuleInstalledFiles names the rule installedFiles checks.
const RuleInstalledFiles = "installed-files"

// installedFiles: each of Want.Files (a wrapped product's <name>.yaml and
// program files) is installed into INSTALLFOLDER by a component of a
// feature. A .wxs that lost the template's ComponentGroupRef would build a
// package whose service starts without its program.
func installedFiles(d *db, w Want) []string {
	var bad []string
	for _, name := range w.Files {
		var comp string
		for _, r := range d.tables["File"].Rows {
			long := r["FileName"]
			if i := strings.IndexByte(long, '|'); i >= 0 {
				long = long[i+1:]
			}
			if strings.EqualFold(long, name) {
				comp = r["Component_"]
			}
		}
		switch {
		case comp == "":
			bad = append(bad, fmt.Sprintf("no File row installs %s", name))
		case len(d.tables["Component"].Find("Component", comp)) == 0 || d.tables["Component"].Find("Component", comp)[0]["Directory_"] != "INSTALLFOLDER":
			bad = append(bad, fmt.Sprintf("%s's component %s is not in INSTALLFOLDER", name, comp))
		case len(d.tables["FeatureComponents"].Find("Component_", comp)) == 0:
			bad = append(bad, fmt.Sprintf("%s's component %s is in no feature: the .wxs must refer to it (ComponentGroupRef)", name, comp))
		}
	}
	return bad
}
