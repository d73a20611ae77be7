package winname

import "strings"

// devices are the DOS device names Win32 resolves in every folder. The
// superscript digits are there because Windows' own check takes ¹ ² ³ as the
// digits 1 2 3 (COM¹ opens COM1).
var devices = map[string]bool{
	"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true,
}

func init() {
	for _, d := range []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³"} {
		devices["COM"+d] = true
		devices["LPT"+d] = true
	}
}

// IsDevice reports whether Win32 opens a device, not a file, for name (a
// file or folder name, not a path): CON, PRN, AUX, NUL, COM0–9, LPT0–9
// (also with ¹ ² ³), CONIN$ or CONOUT$, in any case, with any extension or
// stream (CON.txt, NUL:x) and with spaces before it (NUL .txt), since Win32
// judges only the part before the first dot or colon with its trailing
// spaces removed. "" is not a device.
func IsDevice(name string) bool {
	if i := strings.IndexAny(name, ".:"); i >= 0 {
		name = name[:i]
	}
	name = strings.TrimRight(name, " ")
	return devices[strings.ToUpper(name)]
}
