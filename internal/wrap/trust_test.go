package wrap

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	sidSystem    = "S-1-5-18"
	sidAdmins    = "S-1-5-32-544"
	sidUsers     = "S-1-5-32-545"
	sidAuthUsers = "S-1-5-11"
	sidBob       = "S-1-5-21-1-2-3-1001"
	// sidService is the account running the check in these tests: a
	// service's virtual account (NT SERVICE\app).
	sidService = "S-1-5-80-1-2-3-4-5"
)

// adminOnly is the DACL Program Files gives: full control for SYSTEM and
// Administrators, read and execute for Users, Modify for Authenticated
// Users and full control for CREATOR OWNER only on what is created below.
func adminOnly() Security {
	return Security{Owner: sidAdmins, DACL: []ACE{
		{SID: sidSystem, Allow: true, Mask: 0x1f01ff},
		{SID: sidAdmins, Allow: true, Mask: 0x1f01ff},
		{SID: sidUsers, Allow: true, Mask: 0x1200a9},
		{SID: sidAuthUsers, Allow: true, Mask: 0x1301bf, InheritOnly: true},
		{SID: "S-1-3-0", Allow: true, Mask: rightGenericAll, InheritOnly: true},
		{SID: sidBob, Allow: false, Mask: 0x1f01ff},
	}}
}

func trustConfig() (string, Config) {
	exe := filepath.FromSlash("/opt/app/app.exe")
	return exe, Config{
		Program: filepath.FromSlash("/opt/app/bin/server.exe"),
		Dir:     filepath.FromSlash("/var/app"),
		Env:     EnvConfig{Files: []string{filepath.FromSlash("/etc/app/app.env")}},
	}
}

func accountName(sid string) string { return "NAME(" + sid + ")" }

// checkWith runs CheckTrust where every path is adminOnly except those in
// over; it returns the error and the paths read.
func checkWith(over map[string]Security) ([]string, error) {
	exe, c := trustConfig()
	var read []string
	err := CheckTrust(exe, c, sidService, func(p string) (Security, error) {
		read = append(read, filepath.ToSlash(p))
		if s, ok := over[filepath.ToSlash(p)]; ok {
			return s, nil
		}
		return adminOnly(), nil
	}, accountName)
	return read, err
}

func TestCheckTrustReadsEverythingTheServiceRuns(t *testing.T) {
	read, err := checkWith(nil)
	if err != nil {
		t.Fatalf("admin-only files refused: %v", err)
	}
	for _, want := range []string{"/opt/app/app.yaml", "/opt/app/app.exe", "/opt/app/bin/server.exe", "/etc/app/app.env",
		"/opt/app", "/opt/app/bin", "/etc/app", "/var/app", "/opt", "/etc", "/var", "/"} {
		if !slices.Contains(read, want) {
			t.Errorf("%s not checked; checked %v", want, read)
		}
	}
	if read[0] != "/opt/app/app.yaml" {
		t.Errorf("first check %s, want the config file", read[0])
	}
}

func TestCheckTrustRefuses(t *testing.T) {
	owned := func(owner string) Security { s := adminOnly(); s.Owner = owner; return s }
	granted := func(sid string, mask uint32) Security {
		s := adminOnly()
		s.DACL = append(s.DACL, ACE{SID: sid, Allow: true, Mask: mask})
		return s
	}
	for _, tc := range []struct {
		path, what string
		s          Security
		want       string
	}{
		{"/opt/app/app.yaml", "config owned by a user", owned(sidBob), "is owned by NAME(" + sidBob + ")"},
		{"/opt/app/app.yaml", "config writable by Users", granted(sidUsers, rightWriteData), "may be written by NAME(" + sidUsers + ")"},
		{"/opt/app/bin/server.exe", "program appendable", granted(sidBob, rightAppendData), "may be written by NAME(" + sidBob + ")"},
		{"/opt/app/app.exe", "exe: WRITE_DAC", granted(sidUsers, rightWriteDAC), "may be written"},
		{"/etc/app/app.env", "env file: GENERIC_WRITE", granted(sidUsers, rightGenericWrite), "may be written"},
		{"/opt/app", "exe folder: Authenticated Users Modify (a folder made under C:\\)", granted(sidAuthUsers, 0x1301bf), "may be written by NAME(" + sidAuthUsers + ")"},
		{"/opt/app/bin", "program folder: FILE_ADD_FILE", granted(sidUsers, rightWriteData), "may be written"},
		{"/var/app", "working folder: FILE_ADD_SUBDIRECTORY", granted(sidUsers, rightAppendData), "may be written"},
		{"/opt", "ancestor: DELETE_CHILD", granted(sidUsers, rightDeleteChild), "may be written"},
		{"/", "root: WRITE_OWNER", granted(sidUsers, rightWriteOwner), "may be written"},
		{"/opt", "ancestor: owned by a user", owned(sidBob), "is owned by"},
		{"/opt/app/app.yaml", "TrustedInstaller not enough when a user writes too", granted(sidBob, rightGenericAll), "may be written"},
		{"/opt/app/app.yaml", "NULL DACL", Security{Owner: sidAdmins, NoDACL: true}, "has no DACL"},
		{"/opt/app/bin/server.exe", "a link", Security{Link: true}, "is a link"},
	} {
		_, err := checkWith(map[string]Security{tc.path: tc.s})
		if err == nil || !strings.Contains(err.Error(), filepath.FromSlash(tc.path)+" ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q naming %s", tc.what, err, tc.want, tc.path)
			continue
		}
		if !tc.s.Link && !strings.Contains(err.Error(), "Program Files") {
			t.Errorf("%s: the message says nothing to do: %v", tc.what, err)
		}
	}
}

func TestCheckTrustAccepts(t *testing.T) {
	ti := "S-1-5-80-956008885-3425870976-2109395930-3044539447-2131226645"
	createFolders := adminOnly()
	createFolders.DACL = append(createFolders.DACL, ACE{SID: sidAuthUsers, Allow: true, Mask: rightAppendData | 0x100000})
	tiOwned := adminOnly()
	tiOwned.Owner = ti
	tiOwned.DACL = append(tiOwned.DACL, ACE{SID: ti, Allow: true, Mask: 0x1f01ff})
	for what, over := range map[string]map[string]Security{
		// C:\ lets Authenticated Users create folders in it: that changes
		// nothing the service runs, so a folder above them may allow it.
		"root lets users create folders": {"/": createFolders},
		"owned by TrustedInstaller":      {"/opt/app/bin/server.exe": tiOwned},
		"owned by SYSTEM":                {"/opt/app/app.yaml": {Owner: sidSystem, DACL: []ACE{{SID: sidSystem, Allow: true, Mask: 0x1f01ff}}}},
		// What only the account the check runs as (the service's, at a
		// start) may change runs as that account anyway: nothing gained.
		"owned and written by the running account": {"/var/app": ownedBy(sidService), "/opt/app/app.yaml": ownedBy(sidService)},
	} {
		if _, err := checkWith(over); err != nil {
			t.Errorf("%s: refused: %v", what, err)
		}
	}
}

// ownedBy is what Wine 8.0 reports for every file and folder (owner the
// account, full control for it and SYSTEM, read and execute for Everyone),
// with owner in place of Wine's one account.
func ownedBy(owner string) Security {
	return Security{Owner: owner, DACL: []ACE{
		{SID: sidSystem, Allow: true, Mask: 0x1f01ff},
		{SID: owner, Allow: true, Mask: 0x1f01ff},
		{SID: "S-1-1-0", Allow: true, Mask: 0x1200a9},
	}}
}

// TestCheckTrustRefusesAnotherAccountsFiles: the running account is trusted
// only for itself: the same files owned by another account are refused.
func TestCheckTrustRefusesAnotherAccountsFiles(t *testing.T) {
	_, err := checkWith(map[string]Security{"/opt/app/app.yaml": ownedBy(sidBob)})
	if err == nil || !strings.Contains(err.Error(), "is owned by NAME("+sidBob+")") {
		t.Errorf("a config owned by another account: err = %v", err)
	}
	granted := ownedBy(sidService)
	granted.DACL = append(granted.DACL, ACE{SID: sidBob, Allow: true, Mask: rightWriteData})
	_, err = checkWith(map[string]Security{"/opt/app/bin/server.exe": granted})
	if err == nil || !strings.Contains(err.Error(), "may be written by NAME("+sidBob+")") {
		t.Errorf("a program the running account owns and another may write: err = %v", err)
	}
}

func TestCheckTrustReportsReadErrors(t *testing.T) {
	exe, c := trustConfig()
	err := CheckTrust(exe, c, sidService, func(string) (Security, error) { return Security{}, errors.New("access denied") }, accountName)
	if err == nil || !strings.Contains(err.Error(), "check who may write "+filepath.FromSlash("/opt/app/app.yaml")+": access denied") {
		t.Errorf("err = %v", err)
	}
}
