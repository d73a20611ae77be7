package main

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"

	"github.com/svcpack/svcpack/service/clip"
	"github.com/svcpack/svcpack/service/manage"
)

// settings lets `hellosvc service configure --set listen=ADDR` change
// config.json, and the MSI's values reach it the same way through
// `configure --installer-key` (given: Apply; remembered: Seed). Keys are the
// config file's keys; an empty value means "not given" and keeps what the
// file says.
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

// Seed creates config.json from the defaults with kv applied when there is
// none: the MSI passes the values it remembers, so a config the admin
// deleted comes back as it was installed. An existing config, valid or not,
// is left alone, byte for byte (and mtime): it is the admin's.
func (s settings) Seed(kv map[string]string) error {
	next, err := withSettings(defaultConfig(), kv)
	if err != nil {
		return err
	}
	// Lstat, not Stat: a link or anything else at the path counts as there.
	switch _, err := os.Lstat(s.path); {
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("look for config %s: %w", s.path, err)
	}
	return writeConfig(s.path, next)
}

// maxSettingText bounds a setting value: no setting is anywhere near this
// long, and a longer one is refused without being parsed or echoed whole.
const maxSettingText = 1024

// withSettings returns cfg with the non-empty values of kv set, or every
// problem, one per line, in key order. Names and values are untrusted (an
// installer hands them in): an echo of either is cut by clip.Quote.
func withSettings(cfg Config, kv map[string]string) (Config, error) {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(kv)) {
		k, ok := lookupKey(name)
		if !ok {
			errs = append(errs, fmt.Errorf("unknown key %s (known keys: %s)", clip.Quote(name), knownKeys()))
			continue
		}
		v := kv[name]
		switch {
		case v == "":
		case len(v) > maxSettingText:
			errs = append(errs, fmt.Errorf("%q: %s is longer than any value it takes (at most %d bytes)", name, clip.Quote(v), maxSettingText))
		default:
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
