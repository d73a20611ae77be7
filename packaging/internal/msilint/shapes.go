package msilint

import (
	"time"

	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/packaging/internal/version"
)

// Rule names of the checks on the shape of what a package says about
// itself.
const (
	RuleCodeShapes   = "code-shapes"
	RuleSummaryDates = "summary-dates"
)

// codeShapes: the codes and the version that deployment.json copies into
// command lines and detection rules have the shapes Windows Installer
// requires. A package is input: its Property table can say anything.
func codeShapes(d *db, _ Want) []string {
	var bad []string
	for _, name := range []string{"ProductCode", "UpgradeCode"} {
		if err := msidb.CheckGUID(name, property(d, name)); err != nil {
			bad = append(bad, err.Error())
		}
	}
	if err := msidb.CheckGUID("PackageCode (summary Revision number)", d.summary.PackageCode); err != nil {
		bad = append(bad, err.Error())
	}
	if err := msidb.CheckProductVersion(property(d, "ProductVersion")); err != nil {
		bad = append(bad, err.Error())
	}
	return bad
}

// summaryDates: the summary information's create and save times lie in
// the range a build may be stamped with (version.CheckTime): a package
// dated 1601 or the year 58456 came from a build that knew no time.
func summaryDates(d *db, _ Want) []string {
	var bad []string
	for _, t := range []struct {
		name string
		at   time.Time
	}{{"Create Time/Date", d.times.Created}, {"Last Save Time/Date", d.times.Saved}} {
		if err := version.CheckTime(t.at); err != nil {
			bad = append(bad, "summary "+t.name+": "+err.Error())
		}
	}
	return bad
}
