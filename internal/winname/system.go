package winname

import "strings"

// systemPrograms are programs and services Windows itself runs: the base
// names of processes in System32 (without .exe) and the names of its
// services. A product named after one of them would take over what the
// machine keys by that name: WER's LocalDumps\<name>.exe applies to every
// program of that file name whatever its folder, so a product called lsass
// would have WER write full dumps of the real lsass.exe (credentials) into a
// folder its service account may modify; a service key, an event source or
// NT SERVICE\<name> of the same name are Windows' own. This is one of the few
// places a list of what is refused is the rule: the names are Windows', and
// a product has every other name to choose from. The list is data; keep it
// sorted and lower case (names compare without case, as Windows compares
// them). It names the processes and services attackers and malware most
// often impersonate, and the Windows services installed by default.
var systemPrograms = []string{
	"appinfo", "applicationframehost", "appxsvc", "atbroker", "audiodg", "audioendpointbuilder", "audiosrv",
	"backgroundtaskhost", "bcdedit", "bfe", "bits", "brokerinfrastructure", "certutil", "cmd", "conhost", "consent",
	"cryptsvc", "csc", "cscript", "csrss", "ctfmon", "dcomlaunch", "dhcp", "diagtrack", "dllhost", "dnscache", "dps",
	"dwm", "eventlog", "eventsystem", "explorer", "fontcache", "fontdrvhost", "gpsvc", "iphlpsvc", "keyiso",
	"lanmanserver", "lanmanworkstation", "logonui", "lsaiso", "lsass", "lsm", "mmc", "mpcmdrun", "mpssvc", "msdtc",
	"mshta", "msiexec", "msiserver", "msmpeng", "mstsc", "net", "net1", "netlogon", "netman", "netsh", "netsvcs",
	"nissrv", "nlasvc", "notepad", "nsi", "ntoskrnl", "plugplay", "power", "powershell", "powershell_ise", "profsvc",
	"pwsh", "reg", "regedit", "registry", "regsvr32", "rpceptmapper", "rpcss", "rundll32", "runtimebroker", "samss",
	"sc", "schedule", "schtasks", "searchfilterhost", "searchindexer", "searchprotocolhost", "secur32",
	"securityhealthservice", "securityhealthsystray", "sense", "services", "sgrmbroker", "shellexperiencehost",
	"sihost", "smartscreen", "smss", "spooler", "spoolsv", "sppsvc", "startmenuexperiencehost", "svchost", "system",
	"systemsettings", "taskeng", "taskhost", "taskhostw", "taskmgr", "termservice", "themes", "tiworker",
	"trustedinstaller", "userinit", "usosvc", "vaultsvc", "vmcompute", "vmms", "vssadmin", "vssvc", "w32time",
	"wbengine", "wecsvc", "werfault", "werfaultsecure", "wermgr", "wersvc", "windefend", "wininit", "winlogon",
	"winmgmt", "winrm", "wlansvc", "wmiapsrv", "wmiprvse", "wscript", "wscsvc", "wsearch", "wuauclt", "wuauserv",
}

var systemProgramSet = func() map[string]bool {
	m := make(map[string]bool, len(systemPrograms))
	for _, n := range systemPrograms {
		m[n] = true
	}
	return m
}()

// IsSystemProgram reports whether name, without .exe, in any case, is one
// of the programs or services Windows itself runs (systemPrograms).
func IsSystemProgram(name string) bool {
	return systemProgramSet[strings.ToLower(name)]
}
