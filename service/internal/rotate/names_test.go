package rotate

import (
	"testing"
	"time"
)

func TestParseRotatedNames(t *testing.T) {
	for name, want := range map[string]string{
		"svc.20261201-040000.log":       "20261201-040000",
		"svc.20261201-040000-2.log":     "20261201-040000-2",
		"svc.20261201-040000-17.log.gz": "20261201-040000-17",
		"svc.3.log":                     "3",
		"svc.3.log.gz":                  "3",
	} {
		if k, _, ok := parseRotated("svc", name); !ok || k.String() != want {
			t.Errorf("%s: key %q, %v; want %q", name, k, ok, want)
		}
	}
	for _, name := range []string{
		"svc.log", "svc.0.log", "svc.log.gz", "other.20261201-040000.log", "svc.output.20261201-040000.log",
		"svc.20261301-040000.log", "svc.20261201-250000.log", "svc.2026121-040000.log", "svc.20261201-040000-1.log",
		"svc.20261201-040000-02.log", "svc.20261201-040000-.log", "svc.20261201-040000x.log",
		"svc.20261201-040000.log.gz.partial", "svc.99999999999999999999.log",
	} {
		if k, _, ok := parseRotated("svc", name); ok {
			t.Errorf("%s taken as rotated (%q)", name, k)
		}
	}
}

// A rotation's key is later than the newest one even when the clock went
// back or several rotations fall in one second.
func TestNextKeyIsAlwaysLater(t *testing.T) {
	at := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	last := key{}
	var keys []key
	for _, now := range []time.Time{at, at, at, at.Add(-time.Hour), at.Add(time.Second)} {
		last = last.next(now)
		keys = append(keys, last)
	}
	want := []string{"20261201-040000", "20261201-040000-2", "20261201-040000-3", "20261201-040000-4", "20261201-040001"}
	for i, k := range keys {
		if k.String() != want[i] || (i > 0 && !keys[i-1].older(k)) {
			t.Errorf("key %d = %s, want %s, later than the one before", i, k, want[i])
		}
	}
	if !(key{legacy: 1}).older(keys[0]) || !(key{legacy: 2}).older(key{legacy: 1}) {
		t.Error("an earlier version's numbered file must be older than stamped ones, higher numbers older")
	}
}
