package manage

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/svcpack/svcpack/service/clip"
	"github.com/svcpack/svcpack/service/exitcode"
)

// The recovery the product file chose reaches configure the way the start
// type does: as two REG_SZ values at the root of the installer key, written
// by the MSI from constants its build put there (never from a property):
//
//	RestartDelaysMs     "5000 30000 60000": one restart per failure after that
//	                    many milliseconds, the last repeating; "none": no restart
//	ResetPeriodSeconds  "86400": a service that ran this long without failing
//	                    starts over at the first delay; 4294967295: never
//
// Both or neither: neither (an MSI built before they existed) keeps the
// Spec's recovery. The forms are strict (decimal digits, no sign, no leading
// zero, single spaces) so that one value reads one way only.
const (
	restartDelaysVal = "RestartDelaysMs"
	resetPeriodVal   = "ResetPeriodSeconds"
	// MaxRestartDelays bounds the restart list: the SCM takes any count, but
	// a product file with more is a mistake, and a registry value with more
	// is not one the installer wrote.
	MaxRestartDelays = 16
)

var decimal = regexp.MustCompile(`^[1-9][0-9]{0,9}$`)

// installerRecovery is the checked recovery of the installer key.
type installerRecovery struct {
	restartDelays []time.Duration // empty: no restart
	resetPeriod   time.Duration
}

// readRecovery checks the two values; nil, nil when neither is there.
func readRecovery(where string, delays, reset *regValue) (*installerRecovery, error) {
	if delays == nil && reset == nil {
		return nil, nil
	}
	bad := func(name, value, format string, a ...any) error {
		return exitcode.Wrap(exitcode.Config, fmt.Errorf("installer key %s: value %q is %s: want %s; the installer writes it from "+
			"the product file's service.recovery: rebuild the MSI or repair the product", where, name, clip.Quote(value), fmt.Sprintf(format, a...)))
	}
	if delays == nil || reset == nil {
		missing, there := restartDelaysVal, resetPeriodVal
		if reset == nil {
			missing, there = there, missing
		}
		return nil, exitcode.Wrap(exitcode.Config, fmt.Errorf("installer key %s: value %q is missing while %q is there: the installer writes both; "+
			"rebuild the MSI or repair the product", where, missing, there))
	}
	d, err := regText(where, *delays)
	if err != nil {
		return nil, err
	}
	r, err := regText(where, *reset)
	if err != nil {
		return nil, err
	}
	rec := &installerRecovery{restartDelays: []time.Duration{}}
	delaysForm := fmt.Sprintf(`"none" or 1 to %d whole numbers of milliseconds from 1 to %d, separated by single spaces`, MaxRestartDelays, uint32(maxMsDuration/time.Millisecond))
	if d != "none" {
		parts := strings.Split(d, " ")
		if len(parts) > MaxRestartDelays {
			return nil, bad(restartDelaysVal, d, "%s (it has %d)", delaysForm, len(parts))
		}
		for _, p := range parts {
			n, err := strconv.ParseUint(p, 10, 32)
			if !decimal.MatchString(p) || err != nil || time.Duration(n)*time.Millisecond > maxMsDuration {
				return nil, bad(restartDelaysVal, d, "%s (%s is not one)", delaysForm, clip.Quote(p))
			}
			rec.restartDelays = append(rec.restartDelays, time.Duration(n)*time.Millisecond)
		}
	}
	n, err := strconv.ParseUint(r, 10, 32)
	if !decimal.MatchString(r) || err != nil {
		return nil, bad(resetPeriodVal, r, "a whole number of seconds from 1 to 4294967295 (never)")
	}
	rec.resetPeriod = time.Duration(n) * time.Second
	return rec, nil
}

func (r installerRecovery) String() string {
	if len(r.restartDelays) == 0 {
		return "no restart"
	}
	var ds []string
	for _, d := range r.restartDelays {
		ds = append(ds, d.String())
	}
	reset := "never"
	if r.resetPeriod != ResetInfinite {
		reset = "after " + r.resetPeriod.String()
	}
	return "restart after " + strings.Join(ds, ", ") + " (the last repeats), failure count reset " + reset
}
