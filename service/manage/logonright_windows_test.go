package manage

import (
	"slices"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
)

var procLsaRemoveAccountRights = lsaDLL.NewProc("LsaRemoveAccountRights")

// TestEnsureServiceLogonRightOnWindows grants SeServiceLogonRight through
// the real local policy and reads it back with LsaEnumerateAccountRights.
// A gMSA needs a domain, which no CI runner has: the grant is exercised on
// BUILTIN\Guests, an account every Windows has that does not hold the right,
// by the same code configure runs for a gMSA (the decision to call it is
// unit-tested with the fake: logonright_test.go). The right is removed again
// afterwards.
func TestEnsureServiceLogonRightOnWindows(t *testing.T) {
	if underWine() {
		t.Skip("NOT VERIFIABLE HERE (Wine): no domain, and Wine's LSA account rights are not Windows' local policy; asserted on Windows CI")
	}
	sid, err := windows.CreateWellKnownSid(windows.WinBuiltinGuestsSid)
	if err != nil {
		t.Fatal(err)
	}
	name, domain, _, err := sid.LookupAccount("")
	if err != nil {
		t.Fatal(err)
	}
	account := domain + `\` + name
	p, err := openLSAPolicy(policyLookupNames)
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	holds := func() bool {
		t.Helper()
		rights, err := p.rights(sid)
		if err != nil {
			t.Fatal(err)
		}
		return slices.Contains(rights, serviceLogonRight)
	}
	if holds() {
		t.Fatalf("%s holds %s before the test: the runner's policy is not the default", account, serviceLogonRight)
	}
	t.Cleanup(func() { removeRight(t, sid, serviceLogonRight) })
	for i, wantAdded := range []bool{true, false} {
		added, err := winHost{}.EnsureServiceLogonRight(account)
		if err != nil {
			t.Fatal(err)
		}
		if added != wantAdded {
			t.Errorf("call %d: added = %v, want %v", i+1, added, wantAdded)
		}
		if !holds() {
			t.Fatalf("call %d: %s does not hold %s", i+1, account, serviceLogonRight)
		}
	}
}

func removeRight(t *testing.T, sid *windows.SID, right string) {
	p, err := openLSAPolicy(policyLookupNames)
	if err != nil {
		t.Error(err)
		return
	}
	defer p.close()
	u, err := windows.NewNTUnicodeString(right)
	if err != nil {
		t.Error(err)
		return
	}
	if r, _, _ := procLsaRemoveAccountRights.Call(uintptr(p), uintptr(unsafe.Pointer(sid)), 0, uintptr(unsafe.Pointer(u)), 1); r != 0 {
		t.Errorf("remove %s again: %v", right, windows.NTStatus(r).Errno())
	}
}
