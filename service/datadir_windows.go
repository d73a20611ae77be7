package service

import "golang.org/x/sys/windows"

// dataRoot asks for the ProgramData known folder rather than reading
// %ProgramData%: a service's environment need not have it right (under Wine
// services get C:\users\Public there, while the installer wrote C:\ProgramData).
func dataRoot() string {
	if p, err := windows.KnownFolderPath(windows.FOLDERID_ProgramData, 0); err == nil {
		return p
	}
	return `C:\ProgramData`
}
