package programdata

import (
	"strings"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// Root is the ProgramData folder. It reads the value the ProgramData
// known folder is built from (ProfileList\ProgramData) rather than calling
// SHGetKnownFolderPath, which loads shell32 and with it user32 and gdi32:
// 16–30 ms and ~6 MiB on every service start under Wine (docs/benchmarks.md).
// It does not read %ProgramData%: a service's environment need not have it
// right (under Wine services get C:\users\Public there, while the installer
// wrote C:\ProgramData).
func Root() string {
	if p, ok := profileListProgramData(); ok {
		return p
	}
	if p, err := windows.KnownFolderPath(windows.FOLDERID_ProgramData, 0); err == nil {
		return p
	}
	return `C:\ProgramData`
}

func profileListProgramData() (string, bool) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList`, registry.QUERY_VALUE)
	if err != nil {
		return "", false
	}
	defer k.Close()
	v, _, err := k.GetStringValue("ProgramData")
	if err != nil || v == "" {
		return "", false
	}
	p, err := registry.ExpandString(v)
	if err != nil || strings.Contains(p, "%") {
		return "", false // an unexpanded variable: not a path to trust
	}
	return p, true
}
