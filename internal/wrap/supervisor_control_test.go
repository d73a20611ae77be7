package wrap

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/svcpack/svcpack/service/exitcode"
)

// commandLog records the commands a harness started, in order.
type commandLog struct {
	mu   sync.Mutex
	tags []string
	cmds []Command
}

// withCommands makes h start commands as fakes: run decides what each does
// (nil: exits 0 at once).
func withCommands(h *harness, run func(tag string, p *fakeProcess)) *commandLog {
	l := &commandLog{}
	h.s.StartCommand = func(_ Config, cmd Command, _ *LineSink, tag string) (Process, error) {
		l.mu.Lock()
		l.tags, l.cmds = append(l.tags, tag), append(l.cmds, cmd)
		l.mu.Unlock()
		p := newFake(false)
		if run != nil {
			run(tag, p)
		} else {
			p.exit(0)
		}
		return p, nil
	}
	return l
}

func (l *commandLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return fmt.Sprint(l.tags)
}

func parseTest(t *testing.T, src string) Config {
	t.Helper()
	c, err := Parse([]byte("name: app\nprogram: app.exe\n"+src), "/", "app")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// runStopped runs h until ready, asks for a stop and returns Run's result.
func runStopped(h *harness) error {
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- h.s.Run(ctx, func() { cancel() }) }()
	return <-errc
}

// The exit code lists decide ahead of restart.policy, and a failure ends the
// service with the program's own code, which the runtime reports to the SCM
// as the service-specific exit code.
func TestExitCodesDecide(t *testing.T) {
	for _, c := range []struct {
		name, src string
		codes     []uint32 // the program's exit codes, run after run
		starts    int
		passed    uint32 // 0: Run returns nil
	}{
		{"success stops cleanly under always", "restart: {policy: always}\nexit_codes: {success: [10]}\n", []uint32{10}, 1, 0},
		{"failure stops with its code under always", "restart: {policy: always}\nexit_codes: {failure: [3]}\n", []uint32{3}, 1, 3},
		{"failure beats clean_codes", "restart: {clean_codes: [0, 4]}\nexit_codes: {failure: [4]}\n", []uint32{4}, 1, 4},
		{"restart under never", "restart: {policy: never}\nexit_codes: {restart: [75]}\n", []uint32{75, 75, 0}, 3, 0},
		{"unlisted left to never: the code passed", "restart: {policy: never}\nexit_codes: {restart: [75]}\n", []uint32{7}, 1, 7},
		{"unlisted left to on-failure", "exit_codes: {failure: [3]}\n", []uint32{1, 0}, 2, 0},
		{"giving up passes the last code", "restart: {max_restarts: 1}\n", []uint32{9, 4294967295}, 2, 4294967295},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(parseTest(t, c.src))
			h.onStart = func(p *fakeProcess) { p.exit(c.codes[min(len(h.starts)-1, len(c.codes)-1)]) }
			err := h.s.Run(context.Background(), func() {})
			if len(h.starts) != c.starts {
				t.Errorf("%d starts, want %d", len(h.starts), c.starts)
			}
			switch {
			case c.passed == 0 && err != nil:
				t.Errorf("Run = %v, want a clean end", err)
			case c.passed != 0 && (uint32(exitcode.Of(err)) != c.passed || !exitcode.IsPassed(err)):
				t.Errorf("Run = %v (code %d), want the program's code %d passed", err, exitcode.Of(err), c.passed)
			case c.passed != 0 && !strings.Contains(h.logText(), "event_id=202"):
				t.Errorf("no event for the failure:\n%s", h.logText())
			}
		})
	}
}

// A program that never started has no code to pass: giving up is a plain
// failure, whatever exit_codes lists (4294967295 stands for "no code").
func TestGivingUpWithoutAStartPassesNoCode(t *testing.T) {
	h := newHarness(parseTest(t, "restart: {max_restarts: 1}\nexit_codes: {success: [4294967295]}\n"))
	fails := 0
	start := h.s.Start
	h.s.Start = func(c Config, out *LineSink) (Process, error) {
		if len(h.starts) > 0 {
			fails++
			return nil, errors.New("file not found")
		}
		p, err := start(c, out)
		p.(*fakeProcess).exit(1)
		return p, err
	}
	err := h.s.Run(context.Background(), func() {})
	if !errors.Is(err, ErrGaveUp) || exitcode.IsPassed(err) || exitcode.Of(err) != exitcode.Failure || fails != 1 {
		t.Errorf("Run = %v (code %d) after %d failed starts; want ErrGaveUp with the failure code after 1", err, exitcode.Of(err), fails)
	}
}

// The stop steps run in order, each waiting its own time, until one ends
// the program; the log names it.
func TestStopStepsInOrderUntilOneWorks(t *testing.T) {
	h := newHarness(parseTest(t, `stop:
  steps:
    - {method: ctrl_break, wait: 1s}
    - {method: ctrl_c, wait: 2s}
    - {method: close_windows, wait: 3s}
`))
	h.onStart = func(p *fakeProcess) { p.heeds = map[StopMethod]bool{StopCloseWindows: true} }
	if err := runStopped(h); err != nil {
		t.Fatal(err)
	}
	p := h.starts[0]
	if fmt.Sprint(p.signals) != "[ctrl_break ctrl_c close_windows]" || fmt.Sprint(h.delays[:2]) != "[1s 2s]" || p.code != 0 {
		t.Errorf("signals %v waits %v code %d: want each method in order, with its own wait, until WM_CLOSE", p.signals, h.delays, p.code)
	}
	if log := h.logText(); !strings.Contains(log, "stopped_by=close_windows") || strings.Contains(log, "event_id=203") {
		t.Errorf("the log does not say WM_CLOSE ended the program:\n%s", log)
	}
}

// A program no step ends has its tree ended after the last wait, logged as such.
func TestStopEndsTheJobAfterTheLastStep(t *testing.T) {
	h := newHarness(parseTest(t, "stop: {steps: [{method: ctrl_c, wait: 1s}, {method: ctrl_break, wait: 2s}]}\n"))
	h.onStart = func(p *fakeProcess) { p.obeys = false }
	if err := runStopped(h); err != nil {
		t.Fatal(err)
	}
	p := h.starts[0]
	if fmt.Sprint(p.signals) != "[ctrl_c ctrl_break]" || fmt.Sprint(h.delays) != "[1s 2s]" || p.kills < 1 {
		t.Errorf("signals %v waits %v kills %d", p.signals, h.delays, p.kills)
	}
	if log := h.logText(); !strings.Contains(log, `stopped_by="job termination"`) || !strings.Contains(log, "event_id=203") {
		t.Errorf("the log does not say the job ended the program:\n%s", log)
	}
}

// refusing fails one method: a step that cannot be taken is skipped at once.
type refusing struct {
	*fakeProcess
	method StopMethod
}

func (r refusing) Signal(m StopMethod) error {
	if m == r.method {
		return errors.New("Ctrl+C is not sent to process 42: it has a console process group of its own")
	}
	return r.fakeProcess.Signal(m)
}

func TestStopStepThatCannotBeTakenIsSkippedAtOnce(t *testing.T) {
	h := newHarness(parseTest(t, "stop: {steps: [{method: ctrl_c, wait: 5s}, {method: ctrl_break, wait: 2s}]}\n"))
	h.s.Start = func(Config, *LineSink) (Process, error) {
		p := newFake(true)
		h.starts = append(h.starts, p)
		return refusing{p, StopCtrlC}, nil
	}
	if err := runStopped(h); err != nil {
		t.Fatal(err)
	}
	log := h.logText()
	if len(h.delays) != 1 || h.delays[0] != 2*time.Second || !strings.Contains(log, "sending Ctrl+C failed; trying the next stop step") ||
		!strings.Contains(log, "event_id=206") || !strings.Contains(log, "stopped_by=ctrl_break") {
		t.Errorf("waits %v: want Ctrl+C's 5s skipped, then Ctrl+Break's 2s and its success:\n%s", h.delays, log)
	}
}

// The stop command runs as a step: its argv as configured, its output
// tagged with its key; the program exiting while it runs ends the step.
func TestStopCommandStep(t *testing.T) {
	h := newHarness(parseTest(t, `stop:
  steps:
    - {method: command, wait: 4s, command: [C:\app\stop.exe, --now]}
    - {method: ctrl_break, wait: 1s}
`))
	h.onStart = func(p *fakeProcess) { p.obeys = false }
	cmds := withCommands(h, func(tag string, cmd *fakeProcess) {
		h.starts[0].exit(0) // the stop command makes the program exit
		cmd.exit(0)
	})
	if err := runStopped(h); err != nil {
		t.Fatal(err)
	}
	if cmds.String() != "[stop.steps[0].command]" || fmt.Sprint(cmds.cmds[0]) != `{C:\app\stop.exe [--now]}` {
		t.Errorf("commands %v %v", cmds, cmds.cmds)
	}
	if p := h.starts[0]; len(p.signals) != 0 || !strings.Contains(h.logText(), "stopped_by=command") {
		t.Errorf("signals %v; want the command to have ended the program:\n%s", p.signals, h.logText())
	}
}

// A stop command that fails does not hold the stop: the next step follows at
// once.
func TestFailingStopCommandGoesOnToTheNextStep(t *testing.T) {
	h := newHarness(parseTest(t, "stop: {steps: [{method: command, wait: 4s, command: [stop.exe]}, {method: ctrl_break, wait: 1s}]}\n"))
	withCommands(h, func(_ string, cmd *fakeProcess) { cmd.exit(5) })
	if err := runStopped(h); err != nil {
		t.Fatal(err)
	}
	log := h.logText()
	if fmt.Sprint(h.starts[0].signals) != "[ctrl_break]" || !strings.Contains(log, "stop.exe exited with code 5") ||
		!strings.Contains(log, "sending the stop command failed; trying the next stop step") || !strings.Contains(log, "stopped_by=ctrl_break") {
		t.Errorf("signals %v:\n%s", h.starts[0].signals, log)
	}
}

// The hooks run around the program in their documented order: pre_start,
// the program, post_start, and on a stop pre_stop, the stop, post_stop.
func TestHooksRunAroundTheProgram(t *testing.T) {
	h := newHarness(parseTest(t, `hooks:
  pre_start: {command: [pre.exe, a]}
  post_start: {command: [post.exe]}
  pre_stop: {command: [prestop.exe]}
  post_stop: {command: [poststop.exe]}
`))
	var order []string
	cmds := withCommands(h, func(tag string, p *fakeProcess) {
		order = append(order, tag)
		if tag == "hooks.pre_stop" && len(h.starts[0].signals) != 0 {
			t.Error("pre_stop ran after a stop method")
		}
		if tag == "hooks.post_stop" && !exited(h.starts[0]) {
			t.Error("post_stop ran while the program still ran")
		}
		p.exit(0)
	})
	h.onStart = func(*fakeProcess) { order = append(order, "program") }
	if err := runStopped(h); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(order); got != "[hooks.pre_start program hooks.post_start hooks.pre_stop hooks.post_stop]" {
		t.Errorf("order %s", got)
	}
	if fmt.Sprint(cmds.cmds[0]) != "{"+filepath.Join("/", "pre.exe")+" [a]}" {
		t.Errorf("pre_start ran %v", cmds.cmds[0])
	}
}

// A failing pre_start fails the service's start with its own exit code and
// an event; the program never starts.
func TestFailingPreStartFailsTheStart(t *testing.T) {
	h := newHarness(parseTest(t, "hooks: {pre_start: {command: [migrate.exe], timeout: 5s}}\n"))
	withCommands(h, func(_ string, p *fakeProcess) { p.exit(2) })
	err := h.s.Run(context.Background(), func() { t.Error("ready after a failed pre_start") })
	if exitcode.Of(err) != exitcode.PreStartFailed || !strings.Contains(err.Error(), "hooks.pre_start: "+filepath.Join("/", "migrate.exe")+" exited with code 2") || len(h.starts) != 0 {
		t.Errorf("Run = %v (code %d), %d starts; want exit code %d naming the hook, no start", err, exitcode.Of(err), len(h.starts), exitcode.PreStartFailed)
	}
	if !strings.Contains(h.logText(), "event_id=205") {
		t.Errorf("no event for the failed hook:\n%s", h.logText())
	}
}

// A hook that outlives its timeout has its tree ended and counts as failed;
// any hook but pre_start only logs it.
func TestHookTimeoutEndsItsTree(t *testing.T) {
	h := newHarness(parseTest(t, "hooks: {post_start: {command: [slow.exe], timeout: 3s}}\n"))
	var hook *fakeProcess
	withCommands(h, func(_ string, p *fakeProcess) { hook = p }) // never exits by itself
	h.onStart = func(p *fakeProcess) { p.exit(0) }
	if err := h.s.Run(context.Background(), func() {}); err != nil {
		t.Fatalf("Run = %v: a failed post_start must not fail the service", err)
	}
	log := h.logText()
	if hook == nil || hook.kills != 1 || hook.closes != 1 || !strings.Contains(log, filepath.Join("/", "slow.exe")+" did not finish within 3s; its process tree was ended") ||
		!strings.Contains(log, "event_id=205") || h.delays[0] != 3*time.Second {
		t.Errorf("hook %+v waits %v:\n%s", hook, h.delays, log)
	}
}
