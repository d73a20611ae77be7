package manage

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/svcpack/svcpack/service/clip"
	"github.com/svcpack/svcpack/service/exitcode"
)

// Main runs `<program> service <command> …`; args start after "service".
// The returned error carries its exit code (see service/exitcode): Usage for a
// bad command line, NotAdmin when the SCM denies access, SCMError for other
// SCM failures, Config when --set or installer values are invalid,
// ForeignService when the service of this name runs another program,
// ServiceActive when remove-data meets a running service.
func Main(spec Spec, args []string, stdout io.Writer) error {
	scm, host := system()
	return run(env{scm: scm, host: host, out: stdout, now: time.Now, sleep: time.Sleep}, spec, args)
}

// env is everything a command touches, so tests can replace all of it.
type env struct {
	scm   scmAPI
	host  hostAPI
	out   io.Writer
	now   func() time.Time
	sleep func(time.Duration)
}

const (
	defaultStartTimeout = 60 * time.Second // above the runtime's default StartTimeout
	defaultStopTimeout  = 30 * time.Second // above the runtime's default StopTimeout
)

var usages = map[string]string{
	"install":     "install [--start auto|delayed-auto|manual|disabled] [--account NAME] [--depends a,b] [--exe PATH] [--set k=v]...",
	"uninstall":   "uninstall [--timeout D]",
	"remove-data": "remove-data",
	"start":       "start [--timeout D]",
	"stop":        "stop [--timeout D]",
	"status":      "status",
	"configure": "configure [--start auto|delayed-auto|manual|disabled] [--restart-delays 5s,30s,60s|none] [--reset-period 24h] [--failure-on-non-crash=true|false] [--preshutdown-timeout D] [--exe PATH] [--set k=v]...\n" +
		"    configure --installer-key SOFTWARE\\Company\\Product [--restart-delays …] [--reset-period …] [--failure-on-non-crash=…] [--preshutdown-timeout D]",
	"preflight": "preflight",
}

var commands = []string{"install", "uninstall", "remove-data", "start", "stop", "status", "configure", "preflight"}

func usageText(prog string) string {
	var b strings.Builder
	b.WriteString("usage:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %s service %s\n", prog, usages[c])
	}
	return b.String()
}

func usageError(prog, cmd, format string, a ...any) error {
	msg := fmt.Sprintf(format, a...)
	if len(msg) > maxErrorText { // the flag package quotes a bad value whole
		msg = clip.Prefix(msg, maxErrorText) + "… (message cut: " + strconv.Itoa(len(msg)) + " bytes)"
	}
	if u, ok := usages[cmd]; ok {
		return exitcode.Wrap(exitcode.Usage, fmt.Errorf("%s: %s\nusage: %s service %s", cmd, msg, prog, u))
	}
	return exitcode.Wrap(exitcode.Usage, fmt.Errorf("%s\n%s", msg, strings.TrimSuffix(usageText(prog), "\n")))
}

func run(e env, spec Spec, args []string) error {
	if spec.Name == "" {
		return errors.New("manage: Spec.Name is empty")
	}
	if spec.NoRestart && len(spec.RestartDelays) > 0 {
		return fmt.Errorf("manage: Spec.NoRestart is set and Spec.RestartDelays is %v: set one of them (NoRestart: never restart)", spec.RestartDelays)
	}
	prog := spec.Name
	if len(args) == 0 {
		return usageError(prog, "", "missing command")
	}
	cmd := args[0]
	switch cmd {
	case "help", "-h", "-help", "--help":
		_, err := io.WriteString(e.out, usageText(prog))
		return err
	}
	if _, ok := usages[cmd]; !ok {
		return usageError(prog, "", "unknown command %s", clip.Quote(cmd))
	}
	o, err := parse(cmd, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		_, err := fmt.Fprintf(e.out, "usage: %s service %s\n", prog, usages[cmd])
		return err
	}
	if err != nil {
		return usageError(prog, cmd, "%v", err)
	}
	if spec.Settings == nil && len(o.set) > 0 {
		return usageError(prog, cmd, "--set: this program takes no settings")
	}
	s := resolve(spec, o)
	switch cmd {
	case "install":
		return install(e, s, o.set)
	case "preflight":
		return preflight(e, s.Name, spec.Exe)
	case "uninstall":
		return uninstall(e, s.Name, spec.Exe, timeoutOr(o.timeout, defaultStopTimeout))
	case "remove-data":
		return removeData(e, s.Name)
	case "start":
		return start(e, s.Name, timeoutOr(o.timeout, defaultStartTimeout))
	case "stop":
		return stop(e, s.Name, timeoutOr(o.timeout, defaultStopTimeout))
	case "status":
		return status(e, s.Name, s.Settings)
	}
	r := configureRequest{s: s, exeGiven: o.given["exe"], specExe: spec.Exe, set: o.set}
	if !o.given["start"] {
		r.s.StartType = "" // keep the service's own; Spec.StartType is for install
	}
	if o.given["installer-key"] {
		in, err := readInstaller(e, o.installerKey)
		if err != nil {
			return err
		}
		r.installer = &in
		r.s.StartType = in.startType
		if in.recovery != nil { // the product file's, over the Spec's
			r.s.RestartDelays, r.s.ResetPeriod = in.recovery.restartDelays, in.recovery.resetPeriod
			r.s.NoRestart = len(in.recovery.restartDelays) == 0
		}
	}
	return configure(e, r)
}

func timeoutOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// options is the parsed command line; set records which flags were given so
// that an absent flag falls back to the Spec and then to the default.
type options struct {
	start         StartType
	account       string
	depends       []string
	exe           string
	settings      setFlag
	set           map[string]string
	timeout       time.Duration
	restartDelays []time.Duration
	resetPeriod   time.Duration
	nonCrash      bool
	preshutdown   time.Duration
	installerKey  string
	given         map[string]bool
}

func parse(cmd string, args []string) (options, error) {
	o := options{given: map[string]bool{}, settings: setFlag{}}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	switch cmd {
	case "install", "configure":
		fs.Var((*startFlag)(&o.start), "start", "")
		fs.StringVar(&o.exe, "exe", "", "")
		fs.Var(o.settings, "set", "")
	}
	switch cmd {
	case "install":
		fs.StringVar(&o.account, "account", "", "")
		fs.Var((*listFlag)(&o.depends), "depends", "")
	case "configure":
		fs.Var((*durationsFlag)(&o.restartDelays), "restart-delays", "")
		fs.Var((*positiveDuration)(&o.resetPeriod), "reset-period", "")
		fs.BoolVar(&o.nonCrash, "failure-on-non-crash", true, "")
		fs.Var((*positiveDuration)(&o.preshutdown), "preshutdown-timeout", "")
		fs.StringVar(&o.installerKey, "installer-key", "", "")
	case "uninstall", "start", "stop":
		fs.Var((*positiveDuration)(&o.timeout), "timeout", "")
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %s", clip.Quote(fs.Arg(0)))
	}
	fs.Visit(func(f *flag.Flag) { o.given[f.Name] = true })
	if o.given["installer-key"] {
		// The MSI's command line is constant: nothing it runs may carry a
		// value that changes the exe, the start type or a setting.
		for _, f := range []string{"start", "set", "exe"} {
			if o.given[f] {
				return o, fmt.Errorf("--installer-key excludes --%s: the installer's values come from the registry only", f)
			}
		}
		if err := checkInstallerKey(o.installerKey); err != nil {
			return o, err
		}
	}
	if o.given["exe"] && !isAbsWindowsPath(o.exe) {
		return o, fmt.Errorf("--exe %s: need an absolute path such as C:\\Program Files\\X\\x.exe", clip.Quote(o.exe))
	}
	if o.given["restart-delays"] && len(o.restartDelays) > 0 {
		for _, d := range o.restartDelays {
			if d > maxMsDuration {
				return o, fmt.Errorf("--restart-delays: %v is longer than the SCM can hold", d)
			}
		}
	}
	if o.resetPeriod > maxSecDuration || o.preshutdown > maxMsDuration {
		return o, errors.New("duration longer than the SCM can hold")
	}
	o.set = o.settings.nonEmpty()
	return o, nil
}

const (
	maxMsDuration  = time.Duration(0xfffffffe) * time.Millisecond
	maxSecDuration = time.Duration(0xfffffffe) * time.Second
)

// resolve applies "flag given → Spec value → documented default".
func resolve(spec Spec, o options) Spec {
	s := spec
	if s.DisplayName == "" {
		s.DisplayName = s.Name
	}
	if o.given["exe"] {
		s.Exe = o.exe
	}
	if o.given["start"] {
		s.StartType = o.start
	}
	if s.StartType == "" {
		s.StartType = StartAuto
	}
	if o.given["account"] {
		s.Account = o.account
	}
	if s.Account == "" {
		s.Account = DefaultAccount(s.Name)
	}
	if o.given["depends"] {
		s.Dependencies = o.depends
	}
	if o.given["restart-delays"] {
		s.RestartDelays = o.restartDelays
		s.NoRestart = len(o.restartDelays) == 0 // "none"
	}
	switch {
	case s.NoRestart:
		s.RestartDelays = nil
	case len(s.RestartDelays) == 0:
		s.RestartDelays = DefaultRestartDelays()
	}
	if o.given["reset-period"] {
		s.ResetPeriod = o.resetPeriod
	}
	if s.ResetPeriod == 0 {
		s.ResetPeriod = DefaultResetPeriod
	}
	if o.given["failure-on-non-crash"] {
		s.RecoverOnlyOnCrash = !o.nonCrash
	}
	if o.given["preshutdown-timeout"] {
		s.PreShutdownTimeout = o.preshutdown
	}
	return s
}

// DefaultAccount is the account a service runs as unless told otherwise: the
// virtual account NT SERVICE\<name>. It is a per-service identity (files, the
// registry and firewall rules can be granted to exactly this service), it has
// no password to manage or leak, it needs no domain or local user to be
// created, and it holds only the rights of an ordinary user on the machine.
// LocalService, the other least-privilege choice, is shared by every service
// that uses it, so an ACL granting it access grants them all access.
func DefaultAccount(name string) string { return `NT SERVICE\` + name }

// DefaultRestartDelays: restart quickly once, then back off; the last delay repeats.
func DefaultRestartDelays() []time.Duration {
	return []time.Duration{5 * time.Second, 30 * time.Second, 60 * time.Second}
}

// DefaultResetPeriod: a service that ran a day without failing starts over at the first delay.
const DefaultResetPeriod = 24 * time.Hour

type startFlag StartType

func (f *startFlag) String() string { return string(*f) }
func (f *startFlag) Set(v string) error {
	switch t := StartType(v); t {
	case StartAuto, StartDelayedAuto, StartManual, StartDisabled:
		*f = startFlag(t)
		return nil
	}
	return fmt.Errorf("unknown start type %s: want auto, delayed-auto, manual or disabled", clip.Quote(v))
}

type listFlag []string

func (f *listFlag) String() string { return strings.Join(*f, ",") }
func (f *listFlag) Set(v string) error {
	*f = nil
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*f = append(*f, s)
		}
	}
	return nil
}

type positiveDuration time.Duration

func (f *positiveDuration) String() string { return time.Duration(*f).String() }
func (f *positiveDuration) Set(v string) error {
	d, err := time.ParseDuration(v)
	if err != nil {
		return fmt.Errorf("bad duration %s (want e.g. 30s, 2m)", clip.Quote(v))
	}
	if d <= 0 {
		return fmt.Errorf("duration %s must be positive", clip.Quote(v))
	}
	*f = positiveDuration(d)
	return nil
}

type durationsFlag []time.Duration

func (f *durationsFlag) String() string { return fmt.Sprint([]time.Duration(*f)) }
func (f *durationsFlag) Set(v string) error {
	*f = nil
	if v == "none" {
		return nil
	}
	for _, s := range strings.Split(v, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil || d < 0 {
			return fmt.Errorf("bad delay %s (want a list such as 5s,30s,60s, or none)", clip.Quote(s))
		}
		*f = append(*f, d)
	}
	return nil
}

// setFlag collects repeated --set key=value; the last value of a key wins.
type setFlag map[string]string

func (f setFlag) String() string { return strconv.Itoa(len(f)) }
func (f setFlag) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return fmt.Errorf("bad setting %s (want key=value)", clip.Quote(v))
	}
	f[strings.TrimSpace(k)] = val
	return nil
}

// nonEmpty drops empty values: an MSI passes every public property, and an
// empty one means "not given, keep what is there".
func (f setFlag) nonEmpty() map[string]string {
	m := map[string]string{}
	for k, v := range f {
		if v != "" {
			m[k] = v
		}
	}
	return m
}
