package wrap

import (
	"fmt"
	"math"
	"time"
)

// The bounds of the config's numbers. Each is far from any sensible value on
// both sides: a value beyond one is a typo or a unit mixed up (max_files
// 1000000000 would keep a billion files), never a need. docs/wrapper.md's
// reference lists them.
var durationBounds = map[string]struct{ min, max time.Duration }{
	"start_timeout":       {time.Second, time.Hour},
	"health.interval":     {10 * time.Millisecond, time.Minute},
	"stop.grace":          {100 * time.Millisecond, time.Hour},
	"stop.steps.wait":     {100 * time.Millisecond, time.Hour},
	"hooks.timeout":       {time.Second, time.Hour},
	"restart.delay":       {10 * time.Millisecond, 24 * time.Hour},
	"restart.max_delay":   {10 * time.Millisecond, 24 * time.Hour},
	"restart.reset_after": {time.Second, 24 * time.Hour},
	"restart.window":      {time.Second, 24 * time.Hour},
	"output.max_age":      {time.Hour, 24 * 366 * time.Hour},
}

const (
	maxRestartsLimit = 1000
	maxFilesLimit    = 100
	minOutputBytes   = 64 << 10
	maxOutputBytes   = 16 << 30
	minMemoryBytes   = 1 << 20
	maxMemoryBytes   = 1 << 40
)

// memoryCeiling is the largest limits.memory this build can hand to the job
// object, whose limit is a SIZE_T: in a 32-bit svcwrap, 4095MiB.
func memoryCeiling() uint64 { return min(maxMemoryBytes, uint64(math.MaxUint)&^(1<<20-1)) }

// durationWant says what a duration key takes.
func durationWant(key string) string {
	b := durationBounds[key]
	return fmt.Sprintf("a duration from %s to %s, such as 500ms, 30s or 5m", shortDuration(b.min), shortDuration(b.max))
}

// shortDuration writes d as a person would: 1h, not 1h0m0s.
func shortDuration(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return fmt.Sprintf("%dms", d/time.Millisecond)
}

// sizeText writes n bytes in the largest unit parseBytes reads that divides
// it, or with a remainder of bytes as the number.
func sizeText(n uint64) string {
	for _, u := range sizeUnits {
		if n%u.mult == 0 {
			return fmt.Sprintf("%d%s", n/u.mult, u.suffix)
		}
	}
	return fmt.Sprintf("%dB", n)
}
