// Package wrap runs a program that knows nothing about services as a Windows
// service: it starts the program with no shell in between, captures its output
// line by line, stops it with a console control event and then by ending its
// whole process tree, and restarts it by policy. cmd/svcwrap is the exe; the
// logic here is pure Go, with the Windows process in process_windows.go.
package wrap

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/svcpack/svcpack/service/clip"
)

// Config is the wrapper's configuration, read from the file beside the exe.
// Every field is checked by Load; docs/wrapper.md is the reference.
type Config struct {
	Name        string
	DisplayName string
	Description string

	Program string   // absolute path of the program (a relative one is taken from the config file's folder)
	Args    []string // passed as they are: no shell, no expansion
	Dir     string   // working directory; default: the program's folder

	Env EnvConfig

	StartTimeout time.Duration
	Health       HealthConfig
	Stop         StopConfig
	Restart      RestartConfig
	ExitCodes    ExitCodes // ahead of Restart.Policy for the codes they list
	Hooks        Hooks
	Output       OutputConfig
	Limits       Limits

	Settings []Setting // sorted by name; their values live in config.json (Config.SettingsFile)
}

// EnvConfig changes the wrapper's environment for the program: files are read
// first (in order), then unset, then set, then the settings' variables.
type EnvConfig struct {
	Files []string
	Unset []string
	Set   map[string]string
	// Settings is each setting's variable with its value (SettingsEnv),
	// resolved at the service's start, not read from the config file.
	Settings map[string]string
}

// HealthConfig gates RUNNING on a check; the zero value means the program is
// ready as soon as it runs.
type HealthConfig struct {
	HTTP string // GET this URL; ready on a 2xx answer
	TCP  string // connect to host:port; ready when it accepts
	// AddressSetting names a setting whose value (HOST:PORT) replaces the
	// host and port of HTTP or TCP at each start (ResolveHealth): the
	// program listens where its setting says.
	AddressSetting string
	Interval       time.Duration // between attempts
}

// RestartPolicy says which exits are restarted.
type RestartPolicy string

// The restart policies.
const (
	RestartOnFailure RestartPolicy = "on-failure" // restart unless the exit is clean
	RestartAlways    RestartPolicy = "always"     // restart after any exit
	RestartNever     RestartPolicy = "never"      // the service ends with the program
)

// RestartConfig is the restart policy with its backoff and throttle.
type RestartConfig struct {
	Policy      RestartPolicy
	CleanCodes  []uint32      // exit codes that count as a clean exit
	Delay       time.Duration // first delay; doubled after each failed run
	MaxDelay    time.Duration
	ResetAfter  time.Duration // a run at least this long resets the delay
	MaxRestarts int           // restarts allowed within Window; then give up
	Window      time.Duration
}

// Limits are caps on the job object that holds the program's process tree.
type Limits struct {
	MemoryBytes uint64 // committed memory of the whole tree; 0: none
	CPUPercent  int    // hard cap of the machine's CPU time, 1–100; 0: none
}

// StopTimeout is what the service runtime must allow for a stop: the
// pre_stop hook, every stop step's wait, the termination of the tree and the
// last output, then the post_stop hook.
func (c Config) StopTimeout() time.Duration {
	d := c.Stop.wait() + 10*time.Second
	for _, h := range []*Hook{c.Hooks.PreStop, c.Hooks.PostStop} {
		if h != nil {
			d += h.Timeout
		}
	}
	return d
}

// Defaults for what the file leaves out.
const (
	defaultStartTimeout   = 30 * time.Second
	defaultHealthInterval = 500 * time.Millisecond
	defaultGrace          = 10 * time.Second
	defaultDelay          = time.Second
	defaultMaxDelay       = time.Minute
	defaultResetAfter     = time.Minute
	defaultMaxRestarts    = 5
	defaultWindow         = 10 * time.Minute
	defaultOutputMax      = 10 << 20
	defaultOutputFiles    = 5
	maxConfigBytes        = 1 << 20
	maxEnvFileBytes       = 1 << 20
)

// ConfigPath is the file beside exe: the exe's name with .yaml, so a copy
// renamed myapp.exe reads myapp.yaml and several wrappers share a folder.
func ConfigPath(exe string) string {
	return strings.TrimSuffix(exe, filepath.Ext(exe)) + ".yaml"
}

// Load reads and checks the configuration file.
func Load(path string) (Config, error) {
	b, err := readBounded(path, maxConfigBytes)
	if err != nil {
		return Config{}, fmt.Errorf("read wrapper config: %w", err)
	}
	c, err := Parse(b, filepath.Dir(path), strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
	if err != nil {
		return Config{}, fmt.Errorf("wrapper config %s: %w", path, err)
	}
	return c, nil
}

// ReadEnvFile reads an env.files file, at most maxEnvFileBytes.
func ReadEnvFile(path string) ([]byte, error) { return readBounded(path, maxEnvFileBytes) }

// readBounded reads the regular file at path, at most limit bytes.
func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readOpened(f, path, limit)
}

// readOpened checks the type and size of the open file f and reads it, all
// through the one handle.
func readOpened(f *os.File, path string, limit int64) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%s is %d bytes: at most %d are read", path, st.Size(), limit)
	}
	// Read from the handle whose type and size were checked: opening the path
	// again would read whatever was swapped in meanwhile.
	return readLimited(f, path, limit)
}

// readLimited reads r up to limit bytes; more is an error, so a file that
// grew after its size was checked is refused rather than cut.
func readLimited(r io.Reader, path string, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is over %d bytes: move what is not needed out of it", path, limit)
	}
	return b, nil
}

// Parse checks the file's bytes; base is the folder relative paths start
// from, name the service name when the file has none (the exe's name).
func Parse(b []byte, base, name string) (Config, error) {
	var f File
	if err := decodeFile(b, &f); err != nil {
		return Config{}, err
	}
	var errs []string
	bad := func(key, value, want string) {
		errs = append(errs, fmt.Sprintf("%s: %s is not valid: expected %s", key, clip.Quote(value), want))
	}
	c := Config{
		Name: f.Name, DisplayName: f.DisplayName, Description: f.Description,
		Args: f.Args, Env: EnvConfig{Files: f.Env.Files, Unset: f.Env.Unset, Set: f.Env.Set},
	}
	if f.Name == "" {
		f.Name, c.Name = name, name
	}
	if !validName(f.Name) {
		bad("name", f.Name, "the service name: 1–80 letters, digits, '.', '_' or '-', starting and ending with a letter or digit")
	}
	// place checks a path with the one rule svcpack's check applies too
	// (CheckPath) and resolves it from base.
	place := func(key, p string) string {
		kind, why := CheckPath(p)
		switch kind {
		case PathAbsolute:
			return filepath.Clean(p)
		case PathRelative:
			return filepath.Join(base, p)
		}
		bad(key, p, PathForm+"; this is "+why)
		return ""
	}
	if f.Program == "" {
		bad("program", f.Program, "the path of the program to run")
	} else {
		c.Program = place("program", f.Program)
		if !runnableExt(f.Program) {
			bad("program", f.Program, "an .exe or .com program (CreateProcess runs a .bat or .cmd through cmd.exe, which "+
				"interprets %VAR%, &, | and ^ in args; to run a batch file, name C:\\Windows\\System32\\cmd.exe as program and "+
				"/c and the batch file as args, knowing cmd.exe parses them)")
		}
	}
	if f.WorkingDir != "" {
		c.Dir = place("working_dir", f.WorkingDir)
	} else if c.Program != "" {
		c.Dir = filepath.Dir(c.Program)
	}
	for i, a := range f.Args {
		if strings.ContainsRune(a, 0) {
			bad(fmt.Sprintf("args[%d]", i), a, "text without NUL characters")
		}
	}
	for i, p := range f.Env.Files {
		c.Env.Files[i] = place(fmt.Sprintf("env.files[%d]", i), p)
	}
	for i, k := range f.Env.Unset {
		if !validEnvName(k) {
			bad(fmt.Sprintf("env.unset[%d]", i), k, "a variable name without '=' or NUL")
		}
	}
	seen := map[string]string{}
	for _, k := range sortedKeys(f.Env.Set) {
		v := f.Env.Set[k]
		if other, dup := seen[strings.ToUpper(k)]; dup {
			bad("env.set", k, "one entry per name: Windows names have no case, so "+clip.Quote(other)+" and "+clip.Quote(k)+" are the same variable; keep one")
		}
		seen[strings.ToUpper(k)] = k
		if !validEnvName(k) {
			bad("env.set", k, "a variable name without '=' or NUL")
		}
		if strings.ContainsRune(v, 0) {
			bad("env.set."+k, v, "a value without NUL characters")
		} else if _, err := expand(v, nil); err != nil {
			errs = append(errs, fmt.Sprintf("env.set.%s: %s: %v", k, clip.Quote(v), err))
		}
	}

	dur := func(key, s string, def time.Duration) time.Duration { return boundedDuration(key, key, s, def, bad) }
	c.StartTimeout = dur("start_timeout", f.StartTimeout, defaultStartTimeout)

	c.Health = HealthConfig{HTTP: f.Health.HTTP, TCP: f.Health.TCP, Interval: dur("health.interval", f.Health.Interval, defaultHealthInterval)}
	if c.Health.HTTP != "" && c.Health.TCP != "" {
		bad("health", "http and tcp", "one of health.http or health.tcp")
	}
	if h := c.Health.HTTP; h != "" && !healthURLOK(h) {
		bad("health.http", h, healthURLWant)
	}
	if t := c.Health.TCP; t != "" {
		if _, port, err := splitHostPort(t); err != nil || port == 0 {
			bad("health.tcp", t, "host:port, such as 127.0.0.1:8080")
		}
	}

	c.Stop = parseStop(f.Stop, place, bad)
	c.Hooks = parseHooks(f.Hooks, place, bad)

	r := f.Restart
	c.Restart = RestartConfig{
		Policy:      RestartPolicy(r.Policy),
		Delay:       dur("restart.delay", r.Delay, defaultDelay),
		MaxDelay:    dur("restart.max_delay", r.MaxDelay, defaultMaxDelay),
		ResetAfter:  dur("restart.reset_after", r.ResetAfter, defaultResetAfter),
		Window:      dur("restart.window", r.Window, defaultWindow),
		MaxRestarts: defaultMaxRestarts,
	}
	switch c.Restart.Policy {
	case "":
		c.Restart.Policy = RestartOnFailure
	case RestartOnFailure, RestartAlways, RestartNever:
	default:
		bad("restart.policy", r.Policy, "on-failure, always or never")
	}
	c.Restart.CleanCodes = []uint32{0}
	if r.CleanCodes != nil {
		c.Restart.CleanCodes = make([]uint32, 0, len(r.CleanCodes))
	}
	for i, text := range r.CleanCodes {
		code, ok := parseExitCode(text)
		if !ok {
			bad(fmt.Sprintf("restart.clean_codes[%d]", i), text, exitCodeWant)
			continue
		}
		c.Restart.CleanCodes = append(c.Restart.CleanCodes, code)
	}
	c.ExitCodes = parseExitCodes(f.ExitCodes, bad)
	if r.MaxRestarts != nil {
		if n := *r.MaxRestarts; n < 0 || n > maxRestartsLimit {
			bad("restart.max_restarts", strconv.Itoa(n), fmt.Sprintf("a count from 0 to %d", maxRestartsLimit))
		}
		c.Restart.MaxRestarts = *r.MaxRestarts
	}
	if c.Restart.MaxDelay < c.Restart.Delay {
		bad("restart.max_delay", r.MaxDelay, "at least restart.delay ("+c.Restart.Delay.String()+")")
	}

	c.Output = parseOutput(f.Output, place, dur, bad)

	if f.Limits.Memory != "" {
		n, err := parseBytes(f.Limits.Memory)
		if ceiling := memoryCeiling(); err != nil || n < minMemoryBytes || n > ceiling {
			bad("limits.memory", f.Limits.Memory, "a size from 1MiB to "+sizeText(ceiling)+", such as 512MiB or 2GiB")
		} else {
			c.Limits.MemoryBytes = n
		}
	}
	if p := f.Limits.CPUPercent; p < 0 || p > 100 {
		bad("limits.cpu_percent", strconv.Itoa(p), "a whole percentage from 1 to 100 (0 or absent: no cap)")
	} else {
		c.Limits.CPUPercent = p
	}

	c.Settings = parseSettings(f.Settings, f.Env, bad)
	c.Health.AddressSetting = f.Health.AddressSetting
	checkHealthSetting(c, bad)

	if len(errs) > 0 {
		return Config{}, errors.New(strings.Join(errs, "; "))
	}
	return c, nil
}

// serviceName starts and ends with a letter or digit, so "." and ".." (which
// name folders, not a service) are refused.
var serviceName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9._-]{0,78}[A-Za-z0-9])?$`)

// runnableExt allows the programs CreateProcess starts itself; for .bat and
// .cmd it would start cmd.exe, which interprets the arguments (BatBadBut).
func runnableExt(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".exe" || ext == ".com"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func validName(s string) bool { return serviceName.MatchString(s) }

func validEnvName(s string) bool {
	return s != "" && !strings.ContainsAny(s, "=\x00")
}

func splitHostPort(s string) (string, int, error) {
	i := strings.LastIndexByte(s, ':')
	if i <= 0 {
		return "", 0, errors.New("no port")
	}
	port, err := strconv.Atoi(s[i+1:])
	if err != nil || port < 1 || port > 65535 {
		return "", 0, errors.New("bad port")
	}
	return s[:i], port, nil
}

var sizeUnits = []struct {
	suffix string
	mult   uint64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}

// parseBytes reads a size written with a binary unit (10MiB) or as bytes.
func parseBytes(s string) (uint64, error) {
	for _, u := range sizeUnits {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			n, err := strconv.ParseUint(num, 10, 64)
			if err != nil || n > (1<<62)/u.mult {
				return 0, fmt.Errorf("size %q", s)
			}
			return n * u.mult, nil
		}
	}
	return strconv.ParseUint(s, 10, 64)
}
