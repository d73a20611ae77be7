package policy

import (
	"errors"

	"golang.org/x/sys/windows/registry"
)

// readKey reads the named values of HKLM\key with KEY_QUERY_VALUE only, in
// the executable's native registry view (a 64-bit Group Policy client writes
// the 64-bit view: Software\Policies is shared between views on 64-bit
// Windows). A missing key or value is not an error.
func readKey(key string, names []string) (map[string]Raw, error) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, key, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer k.Close()
	raw := map[string]Raw{}
	for _, n := range names {
		size, typ, err := k.GetValue(n, nil)
		if errors.Is(err, registry.ErrNotExist) {
			continue
		}
		if err != nil && !errors.Is(err, registry.ErrShortBuffer) {
			return nil, err
		}
		r := Raw{Type: typ, Size: uint32(size)}
		switch typ {
		case registry.SZ, registry.EXPAND_SZ:
			if tooLarge(r.Size) {
				break // refused by parse from its size, never read
			}
			r.Text, _, err = k.GetStringValue(n)
		case registry.DWORD, registry.QWORD:
			r.Number, _, err = k.GetIntegerValue(n)
		}
		if err != nil {
			return nil, err
		}
		raw[n] = r
	}
	return raw, nil
}
