package manage

import (
	"errors"
	"fmt"

	"golang.org/x/sys/windows/registry"

	"github.com/svcpack/svcpack/service/clip"
)

// ReadInstallerKey opens HKLM\<key> and its subkeys with KEY_QUERY_VALUE
// only, in this executable's native view (no WOW64 flag: a 64-bit exe reads
// the 64-bit view its MSI wrote, a 32-bit exe on 32-bit Windows the only one),
// and closes every key it opened on every path.
func (winHost) ReadInstallerKey(key string) (installerKeyValues, error) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, key, registry.QUERY_VALUE)
	if err != nil {
		return installerKeyValues{}, err
	}
	defer k.Close()
	var ik installerKeyValues
	switch v, err := readRegValue(k, startTypeVal); {
	case errors.Is(err, registry.ErrNotExist):
	case err != nil:
		return ik, fmt.Errorf("value %q: %w", startTypeVal, err)
	default:
		ik.StartType = &v
	}
	for _, v := range []struct {
		name string
		dst  **regValue
	}{{restartDelaysVal, &ik.RestartDelays}, {resetPeriodVal, &ik.ResetPeriod}} {
		switch r, err := readRegValue(k, v.name); {
		case errors.Is(err, registry.ErrNotExist):
		case err != nil:
			return ik, fmt.Errorf("value %q: %w", v.name, err)
		default:
			*v.dst = &r
		}
	}
	if ik.Given, err = readRegValues(k, givenKey); err != nil {
		return ik, err
	}
	if ik.Remembered, err = readRegValues(k, rememberKey); err != nil {
		return ik, err
	}
	return ik, nil
}

// readRegValues reads every value of the subkey sub of k; none if it is missing.
func readRegValues(k registry.Key, sub string) ([]regValue, error) {
	s, err := registry.OpenKey(k, sub, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open subkey %s: %w", sub, err)
	}
	defer s.Close()
	names, err := s.ReadValueNames(0)
	if err != nil {
		return nil, fmt.Errorf("list values of %s: %w", sub, err)
	}
	var vals []regValue
	for _, n := range names {
		v, err := readRegValue(s, n)
		if err != nil {
			return nil, fmt.Errorf("%s: value %s: %w", sub, clip.Quote(n), err)
		}
		vals = append(vals, v)
	}
	return vals, nil
}

// readRegValue reads the raw bytes and type of one value, unless it is
// longer than maxRegValueBytes.
func readRegValue(k registry.Key, name string) (regValue, error) {
	size, typ, err := k.GetValue(name, nil)
	if err != nil {
		return regValue{}, err
	}
	v := regValue{Name: name, Type: typ, Size: size}
	if size > maxRegValueBytes {
		return v, nil
	}
	buf := make([]byte, size)
	n, typ, err := k.GetValue(name, buf)
	if err != nil {
		return regValue{}, err // ErrShortBuffer: it changed under us
	}
	v.Type, v.Data, v.Size = typ, buf[:n], n
	return v, nil
}

// DeleteGiven opens HKLM\<key>\Given with KEY_SET_VALUE only.
func (winHost) DeleteGiven(key string, names []string) error {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, key+`\`+givenKey, registry.SET_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer k.Close()
	for _, n := range names {
		if err := k.DeleteValue(n); err != nil && !errors.Is(err, registry.ErrNotExist) {
			return fmt.Errorf("value %s: %w", clip.Quote(n), err)
		}
	}
	return nil
}
