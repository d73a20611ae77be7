package policy

import (
	"context"
	"log/slog"
	"maps"
	"slices"
)

// Change is a setting whose policy value changed while the program ran.
type Change struct {
	Setting  Setting
	Old, New Value // New is the zero Value when the policy was removed
	Removed  bool
}

// Diff lists the declared settings whose policy value differs between old
// and new, in declaration order.
func (p Policy) Diff(old, new Values) []Change {
	var ch []Change
	for _, s := range p.Settings {
		o, hadOld := old[s.Name]
		n, hasNew := new[s.Name]
		if hadOld == hasNew && o.Text == n.Text && errText(o.Err) == errText(n.Err) {
			continue
		}
		ch = append(ch, Change{Setting: s, Old: o, New: n, Removed: !hasNew})
	}
	return ch
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// Watch waits for changes under the policy key until ctx is done. On each
// change it re-reads the values and, for every declared setting whose value
// changed since current (the values the program started with), calls apply
// for a Live setting, and logs a Restart one as needing a restart (once per
// new value). Group Policy rewrites its values at every refresh (about 90
// minutes): an unchanged value is no change. It returns ctx's error, or the
// error that stopped it from watching.
func (p Policy) Watch(ctx context.Context, current Values, apply func(Change)) error {
	seen := maps.Clone(current)
	return watchKey(ctx, p.Key, func() {
		now, err := p.Read()
		if err != nil {
			slog.Warn("policy changed but cannot be read", "key", `HKLM\`+p.Key, "err", err)
			return
		}
		for _, c := range p.Diff(seen, now) {
			if c.Setting.Apply == Live {
				apply(c)
				continue
			}
			slog.Warn("policy changed: restart the service to apply it", "setting", c.Setting.Name,
				"value", c.New.Text, "removed", c.Removed, "key", `HKLM\`+p.Key)
		}
		seen = now
	})
}

// Names are the declared settings' names, sorted.
func (p Policy) Names() []string { return slices.Sorted(slices.Values(p.names())) }
