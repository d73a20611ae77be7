package msi

import (
	"context"
	"strings"
	"testing"
)

// TestLaunchConditionMatchesItsMessage: the condition whose message says
// Windows 10 / Server 2016 checks for Windows 10 and not only VersionNT >=
// 603, which Windows 8.1 and Server 2012 R2 pass too: it needs the
// CurrentMajorVersionNumber value that exists from Windows 10 on, found by
// AppSearch into a private property (docs/platform.md).
func TestLaunchConditionMatchesItsMessage(t *testing.T) {
	opts := testOptions(t, fakeExe(t, "x"), AMD64)
	if err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	var cond string
	for _, r := range export(t, opts.Out, "LaunchCondition").Rows {
		if strings.Contains(r["Description"], "needs Windows 10 or Windows Server 2016") {
			cond = r["Condition"]
		}
	}
	if cond != "Installed OR (VersionNT >= 603 AND WindowsMajorVersion)" {
		t.Fatalf("the Windows 10 launch condition is %q: it must require WindowsMajorVersion", cond)
	}
	if rows := export(t, opts.Out, "AppSearch").Find("Property", "WindowsMajorVersion"); len(rows) != 1 {
		t.Fatalf("AppSearch rows for WindowsMajorVersion: %v", rows)
	} else if loc := export(t, opts.Out, "RegLocator").Find("Signature_", rows[0]["Signature_"]); len(loc) != 1 ||
		loc[0]["Key"] != `SOFTWARE\Microsoft\Windows NT\CurrentVersion` || loc[0]["Name"] != "CurrentMajorVersionNumber" || loc[0]["Root"] != "2" {
		t.Errorf("RegLocator for WindowsMajorVersion: %v; want HKLM SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion CurrentMajorVersionNumber", loc)
	}
}
