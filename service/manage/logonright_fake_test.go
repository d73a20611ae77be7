package manage

import "strings"

// EnsureServiceLogonRight records the grant the way the local policy keeps
// it: once per account, whatever the case of its name.
func (f *fake) EnsureServiceLogonRight(account string) (bool, error) {
	if err := f.do(call{op: "EnsureServiceLogonRight"}); err != nil {
		return false, err
	}
	if f.logonRight == nil {
		f.logonRight = map[string]bool{}
	}
	key := strings.ToLower(account)
	if f.logonRight[key] {
		return false, nil
	}
	f.logonRight[key] = true
	return true, nil
}
