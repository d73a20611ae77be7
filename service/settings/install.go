package settings

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
)

// The installer's contract (manage.Settings): keys are setting names,
// values untrusted text, "" means "not given". The precedence is: given now
// > config.json as the admin left it > remembered > the defaults.

// Validate checks every name and value, every problem one per line in name
// order, and touches nothing: configure calls it before it changes the
// service.
func (f *File) Validate(kv map[string]string) error {
	_, err := f.given(kv)
	return err
}

// given is kv's non-empty values in canonical form, or every problem.
func (f *File) given(kv map[string]string) (map[string]string, error) {
	out := map[string]string{}
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(kv)) {
		s, ok := f.lookup(name)
		switch {
		case !ok:
			errs = append(errs, f.unknown(name))
		case kv[name] != "":
			v, err := s.parse(kv[name])
			if err != nil {
				errs = append(errs, err)
			}
			out[name] = v
		}
	}
	return out, errors.Join(errs...)
}

// Apply writes the given values into config.json, creating it with the
// defaults if missing and keeping every other value. With nothing given an
// existing config, even an invalid or unreadable one, is left alone (a
// repair must not fail on the admin's file; the service's start reports
// it); with values given an invalid one is refused, not overwritten. An
// unchanged config is not written at all, so an upgrade leaves the admin's
// file byte for byte (and mtime) as it was.
func (f *File) Apply(kv map[string]string) error {
	given, err := f.given(kv)
	if err != nil {
		return err
	}
	vals, err := f.read()
	missing := errors.Is(err, fs.ErrNotExist)
	switch {
	case len(given) == 0 && !missing:
		return nil
	case missing:
		vals = f.defaults()
	case err != nil:
		return err
	}
	next := maps.Clone(vals)
	maps.Copy(next, given)
	if !missing && maps.Equal(next, vals) {
		return nil
	}
	return f.write(next)
}

// Seed creates config.json from the defaults with kv (the values the
// installer remembers) applied when nothing is at its path, so a config the
// admin deleted comes back as it was installed. Anything there, valid or
// not, even a link, is left alone byte for byte: it is the admin's.
func (f *File) Seed(kv map[string]string) error {
	given, err := f.given(kv)
	if err != nil {
		return err
	}
	// Lstat, not Stat: a link or anything else at the path counts as there.
	switch _, err := os.Lstat(f.Path); {
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("look for config %s: %w", f.Path, err)
	}
	next := f.defaults()
	maps.Copy(next, given)
	return f.write(next)
}

// defaults are the settings' defaults, by name; a setting without one is
// absent.
func (f *File) defaults() map[string]string {
	vals := map[string]string{}
	for _, s := range f.Settings {
		if s.HasDefault {
			vals[s.Name] = s.Default
		}
	}
	return vals
}
