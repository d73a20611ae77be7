package manage

import (
	"fmt"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/svcpack/svcpack/service/clip"
)

// The LSA policy calls x/sys/windows does not wrap (advapi32 exports them on
// every supported Windows).
var (
	lsaDLL                        = windows.NewLazySystemDLL("advapi32.dll")
	procLsaOpenPolicy             = lsaDLL.NewProc("LsaOpenPolicy")
	procLsaClose                  = lsaDLL.NewProc("LsaClose")
	procLsaEnumerateAccountRights = lsaDLL.NewProc("LsaEnumerateAccountRights")
	procLsaAddAccountRights       = lsaDLL.NewProc("LsaAddAccountRights")
	procLsaFreeMemory             = lsaDLL.NewProc("LsaFreeMemory")
)

// Policy access rights (ntsecapi.h): reading an account's rights needs
// POLICY_LOOKUP_NAMES; adding a right to an account the policy has no entry
// for yet needs POLICY_CREATE_ACCOUNT too.
const (
	policyCreateAccount = 0x00000010
	policyLookupNames   = 0x00000800
)

// lsaPolicy is an open LSA_HANDLE to the local machine's policy.
type lsaPolicy uintptr

// openLSAPolicy opens the local policy with access; close it with close.
func openLSAPolicy(access uint32) (lsaPolicy, error) {
	var attrs windows.OBJECT_ATTRIBUTES // all zero, as LsaOpenPolicy requires
	attrs.Length = uint32(unsafe.Sizeof(attrs))
	var h lsaPolicy
	r, _, _ := procLsaOpenPolicy.Call(0, uintptr(unsafe.Pointer(&attrs)), uintptr(access), uintptr(unsafe.Pointer(&h)))
	if r != 0 {
		return 0, fmt.Errorf("LsaOpenPolicy: %w", windows.NTStatus(r).Errno())
	}
	return h, nil
}

func (p lsaPolicy) close() { procLsaClose.Call(uintptr(p)) }

// rights lists the user rights and privileges the policy gives sid
// directly (not through its groups); none is an empty list.
func (p lsaPolicy) rights(sid *windows.SID) ([]string, error) {
	var list *windows.NTUnicodeString
	var n uint32
	r, _, _ := procLsaEnumerateAccountRights.Call(uintptr(p), uintptr(unsafe.Pointer(sid)), uintptr(unsafe.Pointer(&list)), uintptr(unsafe.Pointer(&n)))
	switch windows.NTStatus(r) {
	case 0:
	case windows.STATUS_OBJECT_NAME_NOT_FOUND: // the policy has no entry for the account: no rights
		return nil, nil
	default:
		return nil, fmt.Errorf("LsaEnumerateAccountRights: %w", windows.NTStatus(r).Errno())
	}
	defer procLsaFreeMemory.Call(uintptr(unsafe.Pointer(list)))
	var names []string
	for _, s := range unsafe.Slice(list, n) {
		names = append(names, s.String())
	}
	return names, nil
}

func (p lsaPolicy) add(sid *windows.SID, right string) error {
	u, err := windows.NewNTUnicodeString(right)
	if err != nil {
		return err
	}
	r, _, _ := procLsaAddAccountRights.Call(uintptr(p), uintptr(unsafe.Pointer(sid)), uintptr(unsafe.Pointer(u)), 1)
	if r != 0 {
		return fmt.Errorf("LsaAddAccountRights: %w", windows.NTStatus(r).Errno())
	}
	return nil
}

// EnsureServiceLogonRight resolves account (the SCM's ObjectName) to its
// SID and adds SeServiceLogonRight to it in the local policy unless the
// policy gives it already. Looking first keeps a second run from writing
// the policy again and lets the log say which it was.
func (winHost) EnsureServiceLogonRight(account string) (bool, error) {
	sid, _, _, err := windows.LookupSID("", account)
	if err != nil {
		return false, fmt.Errorf("look up account %s: %w", clip.Quote(account), err)
	}
	p, err := openLSAPolicy(policyLookupNames | policyCreateAccount)
	if err != nil {
		return false, err
	}
	defer p.close()
	held, err := p.rights(sid)
	if err != nil {
		return false, err
	}
	for _, r := range held {
		if strings.EqualFold(r, serviceLogonRight) {
			return false, nil
		}
	}
	return true, p.add(sid, serviceLogonRight)
}
