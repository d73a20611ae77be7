package main

import (
	"errors"
	"io/fs"
	"maps"
	"slices"

	"github.com/svcpack/svcpack/service/manage"
)

// settings lets `hellosvc service configure --set listen=ADDR` change
// config.json; the MSI passes its public properties this way, on install,
// upgrade and repair. Keys are the config file's keys; an empty value means
// "not given" and keeps what the file says.
type settings struct {
	path string // config.json
}

var _ manage.Settings = settings{}

// Validate checks every key and value and touches nothing: configure calls it
// before it changes the service.
func (s settings) Validate(kv map[string]string) error {
	_, err := withSettings(defaultConfig(), kv)
	return err
}

// Apply writes the given values into config.json, creating it with the
// defaults if missing and keeping every other value. When nothing changes the
// file is not written at all, so an upgrade leaves a config the admin edited
// byte for byte (and mtime) as it was; when something does, the whole file is
// rewritten in formatConfig's format.
func (s settings) Apply(kv map[string]string) error {
	cfg := defaultConfig()
	data, err := readConfigFile(s.path)
	exists := err == nil
	if _, err := withSettings(defaultConfig(), kv); err != nil {
		return err // unknown keys and bad values, whatever the file holds
	}
	if !anyGiven(kv) && !errors.Is(err, fs.ErrNotExist) {
		// Nothing to change: an existing config, even one the admin left
		// invalid or unreadable, is none of configure's business (a repair
		// must not fail on it); the service's start reports it.
		return nil
	}
	switch {
	case exists:
		if cfg, err = parseConfig(s.path, data); err != nil {
			return err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	next, err := withSettings(cfg, kv)
	if err != nil {
		return err
	}
	if exists && next == cfg {
		return nil
	}
	return writeConfig(s.path, next)
}

// withSettings returns cfg with the non-empty values of kv set, or every
// problem, one per line, in key order.
func withSettings(cfg Config, kv map[string]string) (Config, error) {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(kv)) {
		k, ok := lookupKey(name)
		if !ok {
			errs = append(errs, unknownKeyError(name))
			continue
		}
		if v := kv[name]; v != "" {
			if verr := k.fromText(&cfg, v); verr != nil {
				errs = append(errs, verr)
			}
		}
	}
	return cfg, errors.Join(errs...)
}

// anyGiven reports whether kv sets anything: empty values mean "not given".
func anyGiven(kv map[string]string) bool {
	for _, v := range kv {
		if v != "" {
			return true
		}
	}
	return false
}
