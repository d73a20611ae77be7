package wrap

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
)

// CheckFiles is CheckTrust over the files' own security descriptors, with
// this process's account as the account running the check.
func CheckFiles(exe string, c Config) error {
	self, err := processAccount()
	if err != nil {
		return err
	}
	return CheckTrust(exe, c, self, ReadSecurity, AccountName)
}

// processAccount is the SID of the account this process runs as (its
// token's user): the service's account in service mode.
func processAccount() (string, error) {
	user, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return "", fmt.Errorf("read this process's account: %w", err)
	}
	return user.User.Sid.String(), nil
}

// ReadSecurity reads the owner and DACL of path itself: opened with
// FILE_FLAG_OPEN_REPARSE_POINT, so a link is reported, never followed.
func ReadSecurity(path string) (Security, error) {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return Security{}, err
	}
	h, err := windows.CreateFile(p, windows.READ_CONTROL|windows.FILE_READ_ATTRIBUTES,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE, nil, windows.OPEN_EXISTING,
		windows.FILE_FLAG_BACKUP_SEMANTICS|windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return Security{}, fmt.Errorf("open %s: %w", path, err)
	}
	defer windows.CloseHandle(h)
	// FILE_ATTRIBUTE_TAG_INFO: the attributes alone. GetFileInformationByHandle
	// would also ask the volume for its serial number, which costs more than
	// the rest of the check together under Wine (2 ms a path).
	var fi fileAttributeTagInfo
	if err := windows.GetFileInformationByHandleEx(h, windows.FileAttributeTagInfo, (*byte)(unsafe.Pointer(&fi)), uint32(unsafe.Sizeof(fi))); err != nil {
		return Security{}, fmt.Errorf("attributes of %s: %w", path, err)
	}
	if fi.FileAttributes&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0 {
		return Security{Link: true}, nil
	}
	sd, err := windows.GetSecurityInfo(h, windows.SE_FILE_OBJECT, windows.OWNER_SECURITY_INFORMATION|windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		return Security{}, fmt.Errorf("security descriptor of %s: %w", path, err)
	}
	return securityOf(sd)
}

// fileAttributeTagInfo is FILE_ATTRIBUTE_TAG_INFO.
type fileAttributeTagInfo struct {
	FileAttributes uint32
	ReparseTag     uint32
}

// securityOf turns a security descriptor into the decision's terms. An ACE
// of a kind the decision does not know is an error: allowlist, not guess.
func securityOf(sd *windows.SECURITY_DESCRIPTOR) (Security, error) {
	var s Security
	owner, _, err := sd.Owner()
	if err != nil || owner == nil {
		return s, fmt.Errorf("no owner: %v", err)
	}
	s.Owner = owner.String()
	dacl, _, err := sd.DACL()
	if err != nil && err != windows.ERROR_OBJECT_NOT_FOUND {
		return s, fmt.Errorf("DACL: %w", err)
	}
	if dacl == nil {
		s.NoDACL = true
		return s, nil
	}
	for i := range uint32(dacl.AceCount) {
		var ace *windows.ACCESS_ALLOWED_ACE
		if err := windows.GetAce(dacl, i, &ace); err != nil {
			return s, fmt.Errorf("ACE %d: %w", i, err)
		}
		switch ace.Header.AceType {
		case windows.ACCESS_ALLOWED_ACE_TYPE, windows.ACCESS_DENIED_ACE_TYPE:
		default:
			return s, fmt.Errorf("ACE %d is of type %d, which this check does not read: use plain allow and deny entries", i, ace.Header.AceType)
		}
		sid := (*windows.SID)(unsafe.Pointer(&ace.SidStart))
		s.DACL = append(s.DACL, ACE{
			SID:         sid.String(),
			Allow:       ace.Header.AceType == windows.ACCESS_ALLOWED_ACE_TYPE,
			Mask:        uint32(ace.Mask),
			InheritOnly: ace.Header.AceFlags&windows.INHERIT_ONLY_ACE != 0,
		})
	}
	return s, nil
}

// AccountName is DOMAIN\name (SID) for a message, or the SID alone.
func AccountName(sid string) string {
	s, err := windows.StringToSid(sid)
	if err != nil {
		return sid
	}
	name, domain, _, err := s.LookupAccount("")
	if err != nil {
		return sid
	}
	if domain != "" {
		name = domain + `\` + name
	}
	return name + " (" + sid + ")"
}
