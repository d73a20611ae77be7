package wrap

import (
	"fmt"
	"strings"
	"time"
)

// Command is a program the wrapper runs besides the service's own (a hook,
// a stop command): its argv, with no shell in between, started like the
// program (CommandLine quoting, the program's environment and working folder,
// NUL as stdin), its output in the same log, in a job object of its own.
type Command struct {
	Program string // absolute; a relative one is taken from the config file's folder
	Args    []string
}

// Hook is a command run around the program, with the time it may take.
type Hook struct {
	Command Command
	Timeout time.Duration
}

// Hooks are the commands run around the program; nil: none. pre_start runs
// before each start (a failure fails that start), post_start after each
// start once the program runs (after its health check, the first time),
// pre_stop when a stop is asked for, before the first stop method, and
// post_stop after the program's tree has ended, whatever ended it.
type Hooks struct {
	PreStart, PostStart, PreStop, PostStop *Hook
}

// HookNames are the hooks' keys, in the order they run.
var HookNames = []string{"pre_start", "post_start", "pre_stop", "post_stop"}

const defaultHookTimeout = 30 * time.Second

// Commands lists every command the config runs besides the program, with
// the key that names it: what the trust check covers too.
func (c Config) Commands() map[string]Command {
	out := map[string]Command{}
	for i, h := range c.Hooks.list() {
		if h != nil {
			out["hooks."+HookNames[i]] = h.Command
		}
	}
	for i, s := range c.Stop.Steps {
		if s.Method == StopCommand {
			out[fmt.Sprintf("stop.steps[%d].command", i)] = s.Command
		}
	}
	return out
}

func (h Hooks) list() []*Hook { return []*Hook{h.PreStart, h.PostStart, h.PreStop, h.PostStop} }

// parseCommand checks an argv list: a program by the path rule and the
// program's own extension rule (place, runnable), arguments without NUL.
func parseCommand(key string, argv []string, place func(key, p string) string, bad func(key, value, want string)) Command {
	if len(argv) == 0 || argv[0] == "" {
		bad(key, strings.Join(argv, " "), "the program and its arguments as a list, such as [C:\\Program Files\\MyApp\\migrate.exe, --up]: no shell runs it")
		return Command{}
	}
	cmd := Command{Program: place(key+"[0]", argv[0]), Args: argv[1:]}
	if !runnableExt(argv[0]) {
		bad(key+"[0]", argv[0], "an .exe or .com program (a .bat or .cmd would run through cmd.exe, which interprets its arguments; "+
			"name C:\\Windows\\System32\\cmd.exe and /c to run one, knowing cmd.exe parses them)")
	}
	for i, a := range cmd.Args {
		if strings.ContainsRune(a, 0) {
			bad(fmt.Sprintf("%s[%d]", key, i+1), a, "text without NUL characters")
		}
	}
	return cmd
}

// parseHooks checks the hooks section.
func parseHooks(f FileHooks, place func(key, p string) string, bad func(key, value, want string)) Hooks {
	files := []*FileHook{f.PreStart, f.PostStart, f.PreStop, f.PostStop}
	var out Hooks
	dst := []**Hook{&out.PreStart, &out.PostStart, &out.PreStop, &out.PostStop}
	for i, fh := range files {
		if fh == nil {
			continue
		}
		key := "hooks." + HookNames[i]
		*dst[i] = &Hook{
			Command: parseCommand(key+".command", fh.Command, place, bad),
			Timeout: boundedDuration(key+".timeout", "hooks.timeout", fh.Timeout, defaultHookTimeout, bad),
		}
	}
	return out
}

// boundedDuration reads s within durationBounds[bounds]; "" is def.
func boundedDuration(key, bounds, s string, def time.Duration, bad func(key, value, want string)) time.Duration {
	if s == "" {
		return def
	}
	d, err := time.ParseDuration(s)
	if b := durationBounds[bounds]; err != nil || d < b.min || d > b.max {
		bad(key, s, durationWant(bounds))
		return def
	}
	return d
}
