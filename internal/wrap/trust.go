package wrap

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Who may write what the service runs decides who runs code as its account:
// the config names program, args and env, so the config, the program, the
// working folder, the env files, the folders that hold them and every folder
// above (which could rename them away) must be owned and writable only by
// accounts that already hold the machine, or by the account the check runs
// as: svcwrap checks as the service's account at each start (and as the
// installer at install and configure), and an account that changes what runs
// as itself gains nothing. CheckTrust decides that over what read reports;
// trust_windows.go reads it from the files and the process token.

// ACE is one entry of a DACL, as far as the decision needs it.
type ACE struct {
	SID         string // S-1-… form
	Allow       bool   // an access-allowed entry; deny entries only take rights away
	Mask        uint32
	InheritOnly bool // applies only to what is created below, not to the object itself
}

// Security is the owner and DACL of one file or folder, read without
// following a link.
type Security struct {
	Owner  string
	DACL   []ACE
	NoDACL bool // a NULL DACL: everyone has every right
	Link   bool // the path is itself a symbolic link, junction or other reparse point
}

// Access rights (winnt.h) that let an account change what a path holds.
const (
	rightWriteData    = 0x2        // FILE_WRITE_DATA; FILE_ADD_FILE on a folder
	rightAppendData   = 0x4        // FILE_APPEND_DATA; FILE_ADD_SUBDIRECTORY on a folder
	rightDeleteChild  = 0x40       // FILE_DELETE_CHILD on a folder
	rightDelete       = 0x10000    // DELETE
	rightWriteDAC     = 0x40000    // WRITE_DAC
	rightWriteOwner   = 0x80000    // WRITE_OWNER
	rightGenericAll   = 0x10000000 // GENERIC_ALL
	rightGenericWrite = 0x40000000 // GENERIC_WRITE
)

// replaceRights let an account rename, delete or re-permission a path (and so
// put another in its place); writeRights also let it change or add content.
const (
	replaceRights = rightDeleteChild | rightDelete | rightWriteDAC | rightWriteOwner | rightGenericAll | rightGenericWrite
	writeRights   = replaceRights | rightWriteData | rightAppendData
)

// trustedSIDs is the allowlist: SYSTEM, BUILTIN\Administrators and
// NT SERVICE\TrustedInstaller. Any other owner or writer is refused.
var trustedSIDs = map[string]bool{
	"S-1-5-18":     true,
	"S-1-5-32-544": true,
	"S-1-5-80-956008885-3425870976-2109395930-3044539447-2131226645": true,
}

// trustTarget is a path to check and the rights no other account may hold.
type trustTarget struct {
	path   string
	rights uint32
}

// trustTargets lists what the service's code and settings come from: exe,
// its config, program, env files and their folders (no other writer at
// all), working folder, and every folder above those (no other account may
// replace them). The order is the order of the checks, most telling first.
func trustTargets(exe string, c Config) []trustTarget {
	var out []trustTarget
	index := map[string]int{}
	add := func(p string, rights uint32) {
		key := strings.ToLower(filepath.Clean(p))
		if i, ok := index[key]; ok {
			out[i].rights |= rights
			return
		}
		index[key] = len(out)
		out = append(out, trustTarget{filepath.Clean(p), rights})
	}
	files := []string{ConfigPath(exe), exe, c.Program}
	files = append(files, c.Env.Files...)
	for _, f := range files {
		add(f, writeRights)
	}
	for _, f := range files {
		add(filepath.Dir(f), writeRights)
	}
	if c.Dir != "" {
		add(c.Dir, writeRights)
	}
	for _, t := range append([]trustTarget(nil), out...) {
		for d := filepath.Dir(t.path); ; d = filepath.Dir(d) {
			add(d, replaceRights)
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	return out
}

const trustAdvice = "only SYSTEM, Administrators, TrustedInstaller and the service's own account may own or write what a service runs: " +
	"move it under C:\\Program Files (or another folder only administrators can write), " +
	"or remove the other accounts' write rights and make Administrators the owner (icacls)"

// CheckTrust refuses the config unless every trust target is owned by a
// trusted account or by self (the SID of the account running the check) and
// grants no other account a right that could change it. read reports a
// path's security without following a link; account names a SID for the
// message.
func CheckTrust(exe string, c Config, self string, read func(path string) (Security, error), account func(sid string) string) error {
	trusted := func(sid string) bool { return trustedSIDs[sid] || sid == self }
	for _, t := range trustTargets(exe, c) {
		s, err := read(t.path)
		if err != nil {
			return fmt.Errorf("check who may write %s: %w", t.path, err)
		}
		if err := judge(t, s, trusted, account); err != nil {
			return err
		}
	}
	return nil
}

func judge(t trustTarget, s Security, trusted func(sid string) bool, account func(string) string) error {
	switch {
	case s.Link:
		return fmt.Errorf("%s is a link (symbolic link or junction): its target is not checked; name the real path in the config and keep the service's files under C:\\Program Files", t.path)
	case !trusted(s.Owner):
		return fmt.Errorf("%s is owned by %s, who may change its permissions and so write it: %s", t.path, account(s.Owner), trustAdvice)
	case s.NoDACL:
		return fmt.Errorf("%s has no DACL, so everyone may write it: %s", t.path, trustAdvice)
	}
	for _, a := range s.DACL {
		if a.Allow && !a.InheritOnly && !trusted(a.SID) && a.Mask&t.rights != 0 {
			return fmt.Errorf("%s may be written by %s (access mask 0x%x): %s", t.path, account(a.SID), a.Mask, trustAdvice)
		}
	}
	return nil
}
