package settings

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"

	"github.com/svcpack/svcpack/service/policy"
)

// Values are the settings as the program runs with them: each one's value
// and where it comes from (policy > config file > default).
type Values struct {
	eff    []policy.Effective
	has    map[string]bool
	policy policy.Values // as read, for Watch
}

// Lookup is name's value and whether it has one (a setting without a
// default that config.json and policy leave out has none).
func (v Values) Lookup(name string) (string, bool) {
	for _, e := range v.eff {
		if e.Name == name {
			return e.Value, v.has[name]
		}
	}
	return "", false
}

// Text is name's value, "" if it has none.
func (v Values) Text(name string) string {
	s, _ := v.Lookup(name)
	return s
}

// Bool is the value of the Bool setting name.
func (v Values) Bool(name string) bool { return v.Text(name) == "true" }

// Effective is each setting's value and source, in declaration order.
func (v Values) Effective() []policy.Effective { return v.eff }

// Load is what a service calls at start: it writes config.json from the
// defaults if there is none (never over an existing one), reads it, lays
// each valid policy value over it, and logs where each setting comes from
// and every refused policy value. A bad config.json is an exitcode.Config
// error naming the file and every problem: the runtime reports it and the
// service does not start.
func (f *File) Load() (Values, error) {
	if _, err := os.Lstat(f.Path); errors.Is(err, fs.ErrNotExist) {
		if err := f.write(f.defaults()); err != nil {
			return Values{}, err
		}
		slog.Info("wrote default config", "path", f.Path)
	}
	v, err := f.Read()
	if err != nil {
		return Values{}, err
	}
	policy.LogRefused(v.eff)
	for _, e := range v.eff {
		slog.Info("setting", "name", e.Name, "value", e.Value, "source", string(e.Source))
	}
	return v, nil
}

// Read is Load without writing or logging: config.json (or the defaults
// when there is none) with policy over it.
func (f *File) Read() (Values, error) {
	vals, err := f.read()
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Values{}, err
	}
	var pol policy.Values
	if len(f.policy.Settings) > 0 { // else no registry is opened: a wrapped program's have no policy
		if pol, err = f.policy.Read(); err != nil {
			return Values{}, err
		}
	}
	return f.resolve(vals, pol), nil
}

// resolve lays the policy values pol over config.json's values vals (by
// name) and the defaults. A policy value the setting's own checks refuse is
// not used: the file's value or the default is, and Effective's Refused
// says why.
func (f *File) resolve(vals map[string]string, pol policy.Values) Values {
	layers := make([]policy.Layer, len(f.Settings))
	has := map[string]bool{}
	for i, s := range f.Settings {
		v, inFile := vals[s.Name]
		layers[i] = policy.Layer{Name: s.Name, File: v, InFile: inFile, Default: s.Default}
		has[s.Name] = inFile || s.HasDefault
	}
	eff := f.policy.Resolve(layers, pol, func(name, value string) error {
		s, _ := f.lookup(name)
		_, err := s.parse(value)
		return err
	})
	for i, e := range eff {
		if e.Source == policy.FromPolicy {
			s, _ := f.lookup(e.Name)
			eff[i].Value, _ = s.parse(e.Value) // canonical: the check accepted it
			has[e.Name] = true
		}
	}
	return Values{eff: eff, has: has, policy: pol}
}

// Effective is each setting's value and source for `service status`
// (manage.EffectiveSettings): what the service reads at its next start,
// and now for a live setting.
func (f *File) Effective() ([]policy.Effective, error) {
	v, err := f.Read()
	return v.eff, err
}

// Watch tells of policy changes until ctx ends: apply gets each change of a
// Live setting, and a change of a Restart one is logged as needing a
// restart. started are the values Load returned. A failure to watch is
// logged: changes then wait for the next start.
func (f *File) Watch(ctx context.Context, started Values, apply func(policy.Change)) {
	if len(f.policy.Settings) == 0 {
		return
	}
	if apply == nil {
		apply = func(policy.Change) {}
	}
	err := f.policy.Watch(ctx, started.policy, apply)
	if err != nil && ctx.Err() == nil {
		slog.Warn("policy changes will not be noticed until the service restarts", "err", err)
	}
}
