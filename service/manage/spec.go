package manage

import "time"

// StartType is how the SCM starts the service.
type StartType string

const (
	StartAuto        StartType = "auto"
	StartDelayedAuto StartType = "delayed-auto"
	StartManual      StartType = "manual"
	StartDisabled    StartType = "disabled"
)

// Spec describes a service: what `install` creates and `configure` converges to.
// The names say which service; Options say how it runs. Zero values take the
// documented defaults.
type Spec struct {
	Name        string // service key name; also the event log source and %ProgramData%\<Name>
	DisplayName string // default: Name
	Description string
	ServiceArgs []string // the explicit service-mode argument(s) written into the ImagePath after the quoted exe

	Options
}

// Options are how the service is installed and runs, apart from its names:
// what a program gives service.Config.Install (the runtime fills in the
// names from service.Config). Each zero value means the default stated.
type Options struct {
	Exe string // absolute path of the executable; default: the running executable

	StartType    StartType // default: StartAuto
	Account      string    // default: DefaultAccount(Name), the virtual account NT SERVICE\<Name>
	Dependencies []string  // services that must run first

	// Recovery: restart after each failure with these delays (the last one
	// repeats); reset the failure count after ResetPeriod without failures.
	// RestartDelays nil or empty: DefaultRestartDelays(). To never restart,
	// set NoRestart (and leave RestartDelays empty: Main refuses both).
	RestartDelays []time.Duration
	NoRestart     bool
	ResetPeriod   time.Duration // default: DefaultResetPeriod; ResetInfinite: never reset
	// RecoverOnlyOnCrash runs the recovery only when the process ends without
	// reporting SERVICE_STOPPED (a crash). By default (false) a stop with a
	// non-zero exit code is a failure too, so recovery restarts a service
	// that gave up: SCM's "failure actions on non-crash failures" flag.
	RecoverOnlyOnCrash bool
	PreShutdownTimeout time.Duration // 0: leave the system default
	RestrictedSID      bool          // SID type restricted instead of unrestricted

	// Settings receives the program's own settings: given to `install` and
	// `configure` as repeated --set key=value, or by an MSI through the
	// registry (`configure --installer-key`). Empty values mean "not given":
	// keep what is there. May be nil.
	Settings Settings
}

// Settings validates and applies program settings. Keys are the program's own
// setting names; values are untrusted text.
//
// configure calls Validate (given and remembered values) before it changes
// anything; after the SCM configuration succeeded it calls Apply with the
// values given (CLI: always, to create a missing config; installer mode: only
// if a value was given), and in installer mode first Seed with the values the
// MSI remembers. That is the precedence: given now > the config as the admin
// left it > remembered > the program's defaults.
type Settings interface {
	// Validate checks every key and value and changes nothing.
	Validate(kv map[string]string) error
	// Apply writes the given values into the config (creating it from the
	// defaults if missing) and keeps every other value.
	Apply(kv map[string]string) error
	// Seed creates the config from the defaults with kv applied if no config
	// exists; an existing config, valid or not, is left alone, byte for byte.
	Seed(kv map[string]string) error
}
