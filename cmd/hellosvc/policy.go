package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"

	"github.com/svcpack/svcpack/service/policy"
)

// company is svcpack.yaml's company: the policy key is
// HKLM\Software\Policies\svcpack\hellosvc.
const company = "svcpack"

// hellosvcPolicy is svcpack.yaml's policy list as the program declares it
// (a test checks that they agree): listen is read at start, so a change
// needs a restart, which the service logs. Rebinding live would drop the
// listener's in-flight connections behind the admin's back.
var hellosvcPolicy = policy.New(company, name,
	policy.Setting{Name: "listen", Kind: policy.Text, Apply: policy.Restart},
)

// effectiveConfig is the config the service runs with: config.json's values
// (or the defaults for keys it leaves out) with each valid policy value over
// them. A policy value the program refuses is logged, and the file's value
// (or the default) is used. It returns the policy values read, for Watch.
func effectiveConfig(path string, cfg Config) (Config, policy.Values, []policy.Effective, error) {
	pol, err := hellosvcPolicy.Read()
	if err != nil {
		return Config{}, nil, nil, err
	}
	inFile, err := fileKeys(path)
	if err != nil {
		return Config{}, nil, nil, err
	}
	eff := hellosvcPolicy.Resolve(layers(cfg, inFile), pol, checkSetting)
	for _, e := range eff {
		if e.Source == policy.FromPolicy {
			k, _ := lookupKey(e.Name)
			_ = k.fromText(&cfg, e.Value) // checkSetting accepted it
		}
	}
	return cfg, pol, eff, nil
}

// layers are every setting's config-file and default values as text.
func layers(cfg Config, inFile map[string]bool) []policy.Layer {
	def := defaultConfig()
	l := make([]policy.Layer, len(keys))
	for i, k := range keys {
		l[i] = policy.Layer{Name: k.name, File: k.toText(cfg), InFile: inFile[k.name], Default: k.toText(def)}
	}
	return l
}

// checkSetting applies the config file's checks to a policy value.
func checkSetting(name, value string) error {
	k, ok := lookupKey(name)
	if !ok {
		return unknownKeyError(name)
	}
	c := defaultConfig()
	if len(value) > maxSettingText {
		return errors.New("is longer than any value it takes")
	}
	if verr := k.fromText(&c, value); verr != nil {
		return verr
	}
	return nil
}

// fileKeys are the keys config.json sets (none when there is no file). The
// file was parsed before: here only its keys matter.
func fileKeys(path string) (map[string]bool, error) {
	data, err := readConfigFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(bytes.TrimPrefix(data, utf8BOM), &m); err != nil {
		return nil, err
	}
	keys := map[string]bool{}
	for k := range m {
		keys[k] = true
	}
	return keys, nil
}

// logEffective says at start where each setting comes from, and warns of
// every refused policy value.
func logEffective(eff []policy.Effective) {
	policy.LogRefused(eff)
	for _, e := range eff {
		slog.Info("setting", "name", e.Name, "value", e.Value, "source", string(e.Source))
	}
}

// Effective reports each setting's value and source for `hellosvc service
// status` (manage.EffectiveSettings): what the service reads at its next
// start, and now for a live setting.
func (s settings) Effective() ([]policy.Effective, error) {
	cfg := defaultConfig()
	data, err := readConfigFile(s.path)
	switch {
	case err == nil:
		if cfg, err = parseConfig(s.path, data); err != nil {
			return nil, err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	_, _, eff, err := effectiveConfig(s.path, cfg)
	return eff, err
}

// watchPolicy logs each policy change until ctx ends: every policy setting
// of hellosvc needs a restart, so there is nothing to apply live.
func watchPolicy(ctx context.Context, started policy.Values) {
	err := hellosvcPolicy.Watch(ctx, started, func(policy.Change) {})
	if err != nil && ctx.Err() == nil {
		slog.Warn("policy changes will not be noticed until the service restarts", "err", err)
	}
}
