package manage

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// configureWith runs `configure args…` for spec against an installed fake
// service and returns the failure-actions levels it wrote.
func configureWith(t *testing.T, spec Spec, args ...string) (scmRecovery, bool) {
	t.Helper()
	f := newFake()
	s := installed(f)
	var out bytes.Buffer
	if err := run(f.env(&out), spec, append([]string{"configure"}, args...)); err != nil {
		t.Fatal(err)
	}
	return s.c2[levelFailureActions].Recovery, s.c2[levelFailureActionsFlag].FailureOnNonCrash
}

func withOptions(o Options) Spec {
	s := testSpec
	s.Options = o
	return s
}

// TestRestartDelaysEmptyIsTheDefault: nil and empty RestartDelays both mean
// DefaultRestartDelays(); only NoRestart (or `--restart-delays none`) means
// no restart.
func TestRestartDelaysEmptyIsTheDefault(t *testing.T) {
	const defaults = "restart after 5s, restart after 30s, restart after 1m0s (last repeats); reset failure count after 24h0m0s"
	for name, tc := range map[string]struct {
		o    Options
		args []string
		want string
	}{
		"nil":                 {Options{}, nil, defaults},
		"empty":               {Options{RestartDelays: []time.Duration{}}, nil, defaults},
		"NoRestart":           {Options{NoRestart: true}, nil, "none"},
		"flag none":           {Options{RestartDelays: []time.Duration{time.Second}}, []string{"--restart-delays", "none"}, "none"},
		"flag over NoRestart": {Options{NoRestart: true}, []string{"--restart-delays", "2s"}, "restart after 2s (last repeats); reset failure count after 24h0m0s"},
	} {
		t.Run(name, func(t *testing.T) {
			if r, _ := configureWith(t, withOptions(tc.o), tc.args...); r.String() != tc.want {
				t.Errorf("recovery %q, want %q", r.String(), tc.want)
			}
		})
	}
}

// TestNoRestartWithDelaysIsRefused: a Spec saying both "never restart" and
// "restart after these" is refused before anything is opened.
func TestNoRestartWithDelaysIsRefused(t *testing.T) {
	f := newFake()
	installed(f)
	var out bytes.Buffer
	err := run(f.env(&out), withOptions(Options{NoRestart: true, RestartDelays: []time.Duration{time.Second}}), []string{"configure"})
	if err == nil || !strings.Contains(err.Error(), "Spec.NoRestart is set and Spec.RestartDelays is [1s]") {
		t.Fatalf("err = %v, want the conflict named", err)
	}
	if f.opened != 0 || len(f.calls) != 0 {
		t.Errorf("%d handles opened, calls %v, before the Spec was refused", f.opened, f.calls)
	}
}

// TestRecoverOnlyOnCrash: the zero Options leave "failure actions on
// non-crash failures" on; RecoverOnlyOnCrash turns it off; the flag beats both.
func TestRecoverOnlyOnCrash(t *testing.T) {
	for name, tc := range map[string]struct {
		o    Options
		args []string
		want bool
	}{
		"default":            {Options{}, nil, true},
		"RecoverOnlyOnCrash": {Options{RecoverOnlyOnCrash: true}, nil, false},
		"flag on":            {Options{RecoverOnlyOnCrash: true}, []string{"--failure-on-non-crash=true"}, true},
		"flag off":           {Options{}, []string{"--failure-on-non-crash=false"}, false},
	} {
		t.Run(name, func(t *testing.T) {
			if _, got := configureWith(t, withOptions(tc.o), tc.args...); got != tc.want {
				t.Errorf("failure actions on non-crash failures %v, want %v", got, tc.want)
			}
		})
	}
}
