package winname

import (
	"strings"
	"testing"
)

func TestIsDevice(t *testing.T) {
	for _, name := range []string{
		"CON", "con", "Con", "PRN", "AUX", "NUL", "nul.txt", "NUL.tar.gz", "COM0", "COM9", "com1.dll", "LPT0", "lpt9",
		"COM¹", "LPT²", "lpt³.log", "CONIN$", "conout$", "CONIN$.x", "CON.", "CON..", "CON ", "NUL .txt", "AUX:stream", "CON. . ",
	} {
		if !IsDevice(name) {
			t.Errorf("IsDevice(%q) = false, want true", name)
		}
	}
	for _, name := range []string{
		"", "CONSOLE", "CON1", "COM", "COM10", "LPT", "LPT10", "NULL", "xCON", "CON_1", "CONIN", "CONOUT", "COM⁴", "COM₁", " CON", "my.con", "mycon.txt", "hellosvc",
	} {
		if IsDevice(name) {
			t.Errorf("IsDevice(%q) = true, want false", name)
		}
	}
}

func TestIsSystemProgram(t *testing.T) {
	for _, name := range []string{"lsass", "LSASS", "svchost", "WinDefend", "msiserver", "MsMpEng", "TrustedInstaller", "csrss", "smss", "wininit", "winlogon", "services", "explorer", "spoolsv", "msiexec", "dllhost", "conhost", "rundll32", "taskhostw", "lsm", "dwm", "sihost", "SearchIndexer", "wuauserv", "EventLog", "RpcSs", "WerFault"} {
		if !IsSystemProgram(name) {
			t.Errorf("IsSystemProgram(%q) = false, want true", name)
		}
	}
	for _, name := range []string{"", "hellosvc", "lsass2", "mysvc", "svchost-proxy", "lsass.exe"} {
		if IsSystemProgram(name) {
			t.Errorf("IsSystemProgram(%q) = true, want false", name)
		}
	}
}

// TestSystemProgramsIsSortedLowerCase keeps the list reviewable: sorted,
// lower case, each name once.
func TestSystemProgramsIsSortedLowerCase(t *testing.T) {
	for i, n := range systemPrograms {
		if n != strings.ToLower(n) {
			t.Errorf("%q is not lower case", n)
		}
		if i > 0 && systemPrograms[i-1] >= n {
			t.Errorf("%q after %q: keep the list sorted, each name once", n, systemPrograms[i-1])
		}
	}
}

func TestIsGMSA(t *testing.T) {
	for _, a := range []string{`CONTOSO\websvc$`, `contoso.com\svc-gmsa$`, `A\b$`, `CONTOSO12345678\x_y.z$`} {
		if !IsGMSA(a) {
			t.Errorf("%s is a gMSA", a)
		}
	}
	for _, a := range []string{`CONTOSO\websvc`, `websvc$`, `NT SERVICE\x$`, `NT AUTHORITY\LocalService`, `CONTOSO\\websvc$`,
		`CONTOSO\web svc$`, `websvc$@contoso.com`, `.\websvc$`, `CONTOSO1234567890\x$`, `CONTOSO\websvc$ `, `CONTOSO\a/b$`, ``} {
		if IsGMSA(a) {
			t.Errorf("%s is not a gMSA", a)
		}
	}
}
