package service

import (
	"log/slog"
	"time"

	"github.com/svcpack/svcpack/service/internal/rotate"
	"github.com/svcpack/svcpack/service/manage"
)

// Config describes the service. Only Name is required.
type Config struct {
	Name        string // service key name, event log source, and %ProgramData%\<Name>
	DisplayName string // default: Name
	Description string

	// StartTimeout bounds how long the program may take to call ready; the SCM
	// sees START_PENDING with rising checkpoints meanwhile. Default 60s.
	StartTimeout time.Duration
	// StopTimeout bounds the drain after Stop, Shutdown or PreShutdown; the SCM
	// sees STOP_PENDING with rising checkpoints meanwhile. Default 15s.
	StopTimeout time.Duration
	// AcceptPreShutdown makes the service drain on SERVICE_CONTROL_PRESHUTDOWN,
	// before the system's ~20 s shutdown budget starts. Default false.
	AcceptPreShutdown bool

	Log LogConfig

	// Install holds the defaults for `<program> service install|configure`:
	// start type, account, recovery, settings… The service's names are the
	// ones above, so Options has no field for them.
	Install manage.Options
}

// LogConfig places the service-mode log file. Console mode logs to stderr only.
type LogConfig struct {
	Dir      string     // default %ProgramData%\<Name>\logs
	MaxBytes int64      // rotate when the file would grow past this; default 10 MiB
	MaxFiles int        // rotated files kept besides the current one; default 5
	Level    slog.Level // minimum level; default Info
	// MaxAge also drops rotated files last modified longer ago; 0: no limit.
	MaxAge time.Duration
	// Every is 0 (by size only), time.Hour or 24*time.Hour: the file also
	// rotates at the first write after each hour or local midnight.
	Every time.Duration
	// Compress gzips rotated files in the background (<file>.log.gz).
	Compress bool
}

// policy is the rotation the log file follows.
func (l LogConfig) policy() rotate.Policy {
	return rotate.Policy{MaxBytes: l.MaxBytes, MaxFiles: l.MaxFiles, MaxAge: l.MaxAge, Every: l.Every, Compress: l.Compress}
}

// ServiceArgs returns the explicit arguments the installer writes into the
// ImagePath after the quoted executable (`"C:\…\prog.exe" service run`),
// which select service mode. Each call returns a new slice: changing it
// changes nothing in the runtime.
func ServiceArgs() []string { return []string{serviceCommand, runCommand} }

// serviceCommand is the first argument of every command Run takes from the
// command line rather than running the program in the console; runCommand
// after it is service mode.
const (
	serviceCommand = "service"
	runCommand     = "run"
)

const (
	defaultStartTimeout = 60 * time.Second
	defaultStopTimeout  = 15 * time.Second
	defaultLogMaxBytes  = 10 << 20
	defaultLogMaxFiles  = 5
)

func (c Config) withDefaults() Config {
	if c.DisplayName == "" {
		c.DisplayName = c.Name
	}
	if c.StartTimeout <= 0 {
		c.StartTimeout = defaultStartTimeout
	}
	if c.StopTimeout <= 0 {
		c.StopTimeout = defaultStopTimeout
	}
	if c.Log.MaxBytes <= 0 {
		c.Log.MaxBytes = defaultLogMaxBytes
	}
	if c.Log.MaxFiles <= 0 {
		c.Log.MaxFiles = defaultLogMaxFiles
	}
	return c
}

// manageSpec is what `<program> service …` installs and configures: the
// names from c (with its defaults), the options from c.Install.
func (c Config) manageSpec() manage.Spec {
	return manage.Spec{Name: c.Name, DisplayName: c.DisplayName, Description: c.Description, ServiceArgs: ServiceArgs(), Options: c.Install}
}
