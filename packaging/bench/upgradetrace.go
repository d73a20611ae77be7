package bench

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// upgradeTraceDebug is the WINEDEBUG of a traced upgrade: Wine's msi trace,
// each line stamped with Wine's clock (seconds, ms resolution) and the
// process. The verbose log's action times have whole seconds only.
const upgradeTraceDebug = "+timestamp,+pid,+msi"

// The lines of the trace the window is taken apart by: a standard or custom
// action beginning, and msiexec waiting for a custom action's process.
var (
	performingLine = regexp.MustCompile(`^(\d+\.\d+):([0-9a-f]+):[0-9a-f]+:trace:msi:ACTION_PerformAction Performing action \(L"(\w+)"\)`)
	waitingLine    = regexp.MustCompile(`^(\d+\.\d+):([0-9a-f]+):[0-9a-f]+:trace:msi:wait_process_handle waiting for L"(\w+)"`)
)

// traceEvent is one of those lines.
type traceEvent struct {
	at     float64 // seconds, Wine's clock
	pid    string
	action string
	wait   bool // msiexec started the action's process and waits for it
}

// windowStep is one step of the upgrade window and its duration.
type windowStep struct {
	Name string
	MS   float64
}

// upgradeWindow takes apart, from the msi trace of one major upgrade under
// Wine, the time between the old version's StopServices and the new
// version's StartServices: the steps the service is down for, before its own
// start. Wine runs RemoveExistingProducts as a second msiexec process, which
// stops the old service (its last StopServices); the upgrading msiexec runs
// its script when it reaches InstallFinalize. A custom action that runs a
// program is split into starting the process and waiting for it.
func upgradeWindow(trace []byte) ([]windowStep, error) {
	var events []traceEvent
	sc := bufio.NewScanner(bytes.NewReader(trace))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		m, wait := performingLine.FindStringSubmatch(line), false
		if m == nil {
			m, wait = waitingLine.FindStringSubmatch(line), true
		}
		if m == nil {
			continue
		}
		at, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			return nil, fmt.Errorf("msi trace: time %q: %w", m[1], err)
		}
		events = append(events, traceEvent{at: at, pid: m[2], action: m[3], wait: wait})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("msi trace: %w", err)
	}
	if len(events) == 0 {
		return nil, errors.New("msi trace: no action in it (was WINEDEBUG " + upgradeTraceDebug + "?)")
	}
	outer := events[0].pid // the upgrading msiexec logs first
	stop := -1
	script := -1
	for i, e := range events {
		switch {
		case e.pid != outer && e.action == "StopServices" && !e.wait:
			stop = i
		case e.pid == outer && e.action == "InstallFinalize" && !e.wait:
			script = i
		}
	}
	if stop < 0 {
		return nil, errors.New("msi trace: no StopServices of a second msiexec (the old version's removal): not a major upgrade under Wine")
	}
	if script < stop {
		return nil, errors.New("msi trace: the upgrading msiexec reached InstallFinalize before the old version's StopServices")
	}
	steps := []windowStep{{"old version's removal from its StopServices", ms(events[script].at - events[stop].at)}}
	prev := &events[script]
	for i := script + 1; i < len(events); i++ {
		e := &events[i]
		if e.pid != outer {
			continue
		}
		name := prev.action
		if prev.wait {
			name += " (its process)"
		} else if e.wait {
			name += " (starting its process)"
		}
		steps = append(steps, windowStep{name, ms(e.at - prev.at)})
		if e.action == "StartServices" && !e.wait {
			return steps, nil
		}
		prev = e
	}
	return nil, errors.New("msi trace: the upgrading msiexec's script never reached StartServices")
}

func ms(seconds float64) float64 { return seconds * 1000 }

// formatWindow is the note's list: the steps of at least 1 ms, in order,
// and the total.
func formatWindow(steps []windowStep) string {
	var parts []string
	var total, small float64
	for _, s := range steps {
		total += s.MS
		if s.MS < 1 {
			small += s.MS
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %.0f", s.Name, s.MS))
	}
	return fmt.Sprintf("%s; steps under 1 ms together %.0f; in all %.0f ms", strings.Join(parts, ", "), small, total)
}
