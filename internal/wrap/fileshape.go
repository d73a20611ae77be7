package wrap

// fileConfig is the config file's shape: every key the file may hold.
// Parse checks it into a Config.
type fileConfig struct {
	Name         string        `yaml:"name"`
	DisplayName  string        `yaml:"display_name"`
	Description  string        `yaml:"description"`
	Program      string        `yaml:"program"`
	Args         []string      `yaml:"args"`
	Dir          string        `yaml:"working_dir"`
	Env          FileEnv       `yaml:"env"`
	StartTimeout string        `yaml:"start_timeout"`
	Health       FileHealth    `yaml:"health"`
	Stop         FileStop      `yaml:"stop"`
	Restart      FileRestart   `yaml:"restart"`
	ExitCodes    FileExitCodes `yaml:"exit_codes"`
	Hooks        FileHooks     `yaml:"hooks"`
	Output       FileOutput    `yaml:"output"`
	Limits       FileLimits    `yaml:"limits"`

	Settings map[string]FileSetting `yaml:"settings"`
}

// The File* types are the sections of the file as written, declared once
// for svcwrap and for svcpack's wrap section (packaging/internal/product), which
// decodes them with its own strict decoder and renders them back into
// <name>.yaml: so they hold only strings, lists, maps of strings and ints,
// and leave empty keys out when rendered. Durations, sizes and exit codes
// stay text until Parse checks them.

// FileEnv is the env section.
type FileEnv struct {
	Files []string          `yaml:"files,omitempty"`
	Unset []string          `yaml:"unset,omitempty"`
	Set   map[string]string `yaml:"set,omitempty"`
}

// FileHealth is the health section.
type FileHealth struct {
	HTTP           string `yaml:"http,omitempty"`
	TCP            string `yaml:"tcp,omitempty"`
	AddressSetting string `yaml:"address_setting,omitempty"`
	Interval       string `yaml:"interval,omitempty"`
}

// FileStop is the stop section: grace is the short form of one Ctrl+Break
// step; steps lists the methods in order, each with its own wait.
type FileStop struct {
	Grace string         `yaml:"grace,omitempty"`
	Steps []FileStopStep `yaml:"steps,omitempty"`
}

// FileStopStep is one of stop.steps.
type FileStopStep struct {
	Method  string   `yaml:"method"`
	Wait    string   `yaml:"wait,omitempty"`
	Command []string `yaml:"command,omitempty"` // method command only: the program and its arguments
}

// FileExitCodes is the exit_codes section: what an exit with each code
// does, ahead of restart.policy. Codes are decimal text (see FileRestart).
type FileExitCodes struct {
	Success []string `yaml:"success,omitempty"`
	Restart []string `yaml:"restart,omitempty"`
	Failure []string `yaml:"failure,omitempty"`
}

// FileHooks is the hooks section: commands run around the program.
type FileHooks struct {
	PreStart  *FileHook `yaml:"pre_start,omitempty"`
	PostStart *FileHook `yaml:"post_start,omitempty"`
	PreStop   *FileHook `yaml:"pre_stop,omitempty"`
	PostStop  *FileHook `yaml:"post_stop,omitempty"`
}

// FileHook is one hook: the program and its arguments, and its time.
type FileHook struct {
	Command []string `yaml:"command"`
	Timeout string   `yaml:"timeout,omitempty"`
}

// FileRestart is the restart section. CleanCodes are decimal text: an exit
// code is a uint32, which a 32-bit build's int cannot hold and the product
// file's decoder has no type for; Parse reads each.
type FileRestart struct {
	Policy      string   `yaml:"policy,omitempty"`
	CleanCodes  []string `yaml:"clean_codes,omitempty"`
	Delay       string   `yaml:"delay,omitempty"`
	MaxDelay    string   `yaml:"max_delay,omitempty"`
	ResetAfter  string   `yaml:"reset_after,omitempty"`
	MaxRestarts *int     `yaml:"max_restarts,omitempty"`
	Window      string   `yaml:"window,omitempty"`
}

// FileOutput is the output section.
type FileOutput struct {
	Dir      string `yaml:"dir,omitempty"`
	MaxBytes string `yaml:"max_bytes,omitempty"`
	MaxFiles *int   `yaml:"max_files,omitempty"`
	MaxAge   string `yaml:"max_age,omitempty"`
	Rotate   string `yaml:"rotate,omitempty"`
	Compress bool   `yaml:"compress,omitempty"`
}

// FileLimits is the limits section.
type FileLimits struct {
	Memory     string `yaml:"memory,omitempty"`
	CPUPercent int    `yaml:"cpu_percent,omitempty"`
}

// FileSetting is one of the settings section's entries.
type FileSetting struct {
	Env     string  `yaml:"env"`
	Pattern string  `yaml:"pattern"`
	Default *string `yaml:"default,omitempty"`
}
