package wrap

// File is svcwrap's configuration file as written: every key it may hold,
// declared once. svcwrap decodes it (Parse) and so does svcpack, whose
// product file's wrap section is a FileBody (packaging/internal/product) that it
// renders back into a File, <name>.yaml, and checks with Parse. Both decode
// with internal/strictyaml, by the same rules. Parse checks a File into a
// Config; docs/wrapper.md is the reference.
type File struct {
	Name        string `yaml:"name,omitempty"`
	DisplayName string `yaml:"display_name,omitempty"`
	Description string `yaml:"description,omitempty"`
	FileBody    `yaml:",inline"`
}

// FileBody is every key of the file but the service's names, which a
// product file has at its top.
type FileBody struct {
	Program      string        `yaml:"program"`
	Args         []string      `yaml:"args,omitempty"`
	WorkingDir   string        `yaml:"working_dir,omitempty"`
	Env          FileEnv       `yaml:"env,omitempty"`
	StartTimeout string        `yaml:"start_timeout,omitempty"`
	Health       FileHealth    `yaml:"health,omitempty"`
	Stop         FileStop      `yaml:"stop,omitempty"`
	Restart      FileRestart   `yaml:"restart,omitempty"`
	ExitCodes    FileExitCodes `yaml:"exit_codes,omitempty"`
	Hooks        FileHooks     `yaml:"hooks,omitempty"`
	Output       FileOutput    `yaml:"output,omitempty"`
	Limits       FileLimits    `yaml:"limits,omitempty"`
	// Settings' values live in config.json (Config.SettingsFile).
	Settings map[string]FileSetting `yaml:"settings,omitempty"`
}

// The File* types hold only strings, lists, maps of strings and ints, and
// leave empty keys out when rendered: durations, sizes and exit codes stay
// text until Parse checks them, so the file's own words reach its messages.

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
// code is a uint32, which a 32-bit build's int cannot hold; Parse reads each.
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

// FileSetting is one of the settings section's entries. In a product file
// its pattern is the property's whose setting names it (packaging/internal/product
// refuses the key there).
type FileSetting struct {
	Env     string  `yaml:"env"`
	Pattern string  `yaml:"pattern"`
	Default *string `yaml:"default,omitempty"`
}
