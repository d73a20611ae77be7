package wrap

import (
	"fmt"
	"time"
)

// StopMethod is one way of asking the program to end.
type StopMethod string

// The stop methods. The end of the job (TerminateJobObject) is not one: it
// always follows the last step.
const (
	StopCtrlBreak    StopMethod = "ctrl_break"    // Ctrl+Break to the program's console process group
	StopCtrlC        StopMethod = "ctrl_c"        // Ctrl+C to every process on the wrapper's own console
	StopCloseWindows StopMethod = "close_windows" // WM_CLOSE to the program's top-level windows
	StopCommand      StopMethod = "command"       // run StopStep.Command (WinSW's stopexecutable)
)

// stopJob names the end of the tree in the log, after the last step.
const stopJob = "job termination"

var stopMethods = []StopMethod{StopCtrlBreak, StopCtrlC, StopCloseWindows, StopCommand}

// StopStep is one method and how long to wait for the program to exit after
// it before the next step; a command's own run counts in that wait.
type StopStep struct {
	Method  StopMethod
	Wait    time.Duration
	Command Command // StopCommand only
}

// StopConfig is how a stop ends the program: each step in order until the
// program has exited, then the end of its whole process tree.
type StopConfig struct {
	Steps []StopStep
}

// SendsCtrlC says whether a step sends Ctrl+C: then the program cannot have
// a console process group of its own, where Ctrl+C is disabled.
func (s StopConfig) SendsCtrlC() bool {
	for _, st := range s.Steps {
		if st.Method == StopCtrlC {
			return true
		}
	}
	return false
}

// wait is the sum of the steps' waits.
func (s StopConfig) wait() time.Duration {
	var d time.Duration
	for _, st := range s.Steps {
		d += st.Wait
	}
	return d
}

// parseStop checks the stop section: grace alone is today's one step,
// Ctrl+Break then the grace; steps lists them, each method once.
func parseStop(f FileStop, place func(key, p string) string, bad func(key, value, want string)) StopConfig {
	grace := boundedDuration("stop.grace", "stop.grace", f.Grace, defaultGrace, bad)
	if len(f.Steps) == 0 {
		return StopConfig{Steps: []StopStep{{Method: StopCtrlBreak, Wait: grace}}}
	}
	if f.Grace != "" {
		bad("stop.grace", f.Grace, "no stop.grace beside stop.steps: each step has its own wait (grace is the short form of [{method: ctrl_break, wait: <grace>}])")
	}
	var out StopConfig
	seen := map[StopMethod]string{}
	for i, fs := range f.Steps {
		key := fmt.Sprintf("stop.steps[%d]", i)
		m := StopMethod(fs.Method)
		known := false
		for _, k := range stopMethods {
			known = known || k == m
		}
		switch {
		case !known:
			bad(key+".method", fs.Method, "one of ctrl_break, ctrl_c, close_windows or command")
			continue
		case seen[m] != "":
			bad(key+".method", fs.Method, "each method once: it is "+seen[m]+" already")
			continue
		}
		seen[m] = key
		step := StopStep{Method: m, Wait: boundedDuration(key+".wait", "stop.steps.wait", fs.Wait, defaultGrace, bad)}
		switch {
		case m == StopCommand:
			step.Command = parseCommand(key+".command", fs.Command, place, bad)
		case fs.Command != nil:
			bad(key+".command", fs.Command[0], "no command with method "+fs.Method+": only method command runs one")
		}
		out.Steps = append(out.Steps, step)
	}
	return out
}
