package manage

import (
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf16"
)

// wellKnownSID returns the SID string of the accounts a service normally runs
// as, without asking LSA. Virtual accounts matter most: Wine's LSA cannot look
// up `NT SERVICE\<name>`, and on Windows the account only resolves once the
// service exists, yet its SID is a pure function of the service name.
func wellKnownSID(account string) (string, bool) {
	a := strings.ToUpper(account)
	switch a {
	case "", "LOCALSYSTEM", `.\LOCALSYSTEM`, `NT AUTHORITY\SYSTEM`:
		return "S-1-5-18", true
	case `NT AUTHORITY\LOCALSERVICE`, `NT AUTHORITY\LOCAL SERVICE`:
		return "S-1-5-19", true
	case `NT AUTHORITY\NETWORKSERVICE`, `NT AUTHORITY\NETWORK SERVICE`:
		return "S-1-5-20", true
	}
	if name, ok := strings.CutPrefix(a, `NT SERVICE\`); ok && name != "" {
		return serviceSID(name), true
	}
	return "", false
}

// serviceSID is the per-service SID S-1-5-80-<SHA-1 of the upper-cased
// service name in UTF-16LE, as five little-endian 32-bit sub-authorities>.
func serviceSID(name string) string {
	u := utf16.Encode([]rune(strings.ToUpper(name)))
	buf := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(buf[2*i:], c)
	}
	sum := sha1.Sum(buf)
	s := "S-1-5-80"
	for i := 0; i < 5; i++ {
		s += fmt.Sprintf("-%d", binary.LittleEndian.Uint32(sum[4*i:]))
	}
	return s
}

// dataDirSDDL is the protected DACL of %ProgramData%\<Name>: SYSTEM and
// Administrators full control, the service account modify (0x1301bf: read,
// write, execute, delete; not change permissions or take ownership), all
// inherited by files and folders below. Protected, so the broad
// Users-may-create ACEs of %ProgramData% do not flow in.
func dataDirSDDL(accountSID string) string {
	return "D:P" + dataDirACEs(accountSID, "OICI")
}

// dataDirChildSDDL is the DACL an entry below the data directory gets: the
// directory's ACEs as inheritance gives them (marked inherited; a folder
// passes them on, a file does not), nothing else. So a file or folder that
// was there before the install (made by whoever created the directory
// first) ends with exactly the access of one the service creates.
func dataDirChildSDDL(accountSID string, dir bool) string {
	if dir {
		return "D:AI" + dataDirACEs(accountSID, "OICIID")
	}
	return "D:AI" + dataDirACEs(accountSID, "ID")
}

func dataDirACEs(accountSID, flags string) string {
	aces := "(A;" + flags + ";FA;;;SY)(A;" + flags + ";FA;;;BA)"
	if accountSID != "S-1-5-18" {
		aces += "(A;" + flags + ";0x1301bf;;;" + accountSID + ")"
	}
	return aces
}
