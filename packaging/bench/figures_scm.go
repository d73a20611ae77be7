package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Targets of issue 6; the start's baseline is the sample's own HTTP server
// on bare x/sys since issue 22, so that the figure is what svcpack adds.
var (
	startTarget  = Limit{Max: 1.15}
	stopTarget   = Limit{Max: 1.5}
	drainTarget  = Limit{Max: 200, Unit: "ms"}
	memoryTarget = Limit{Max: 1.3}
)

// The figures' names, with the product's name (svcpack.yaml) in them.
func figStart(name string) string {
	return "sc start → RUNNING (ms): " + name + " / the same HTTP server on bare x/sys"
}
func figStop(name string) string   { return "stop → STOPPED, idle (ms): " + name + " / bare x/sys" }
func figMemory(name string) string { return "idle working set (MiB): " + name + " / bare x/sys" }

const (
	figDrain = "stop with 50 slow requests in flight: STOPPED − slowest request (ms)"
	// requests and delay of the drain figure: long enough that the stop,
	// which needs a Wine process to send it, arrives while all are in flight.
	drainRequests = 50
	drainDelay    = 2 * time.Second
	idleTime      = "1s"
)

// scmFigures measures start, stop and memory of the product's service
// against the bare service, its drain, and whether the kardianos baseline
// starts.
func (b *run) scmFigures(ctx context.Context, s *services) {
	prod := s.prodName
	names := []string{bareName, bareHTTPName, minimalName, prod}
	b.logf("kardianos/service sample: starting it")
	kStarts := b.kardianos(ctx, s)
	if kStarts {
		names = append(names, kardianosName)
	}

	if err := s.checkBareHTTP(ctx); err != nil {
		b.fail(figStart(prod), startTarget.String(), err)
		return
	}
	b.logf("start/stop cycles: 1 warm-up, then %d rounds of %v", b.opts.Runs, names)
	if _, err := s.cycles(ctx, 1, "0s", names...); err != nil {
		b.fail(figStart(prod), startTarget.String(), err)
		return
	}
	by, err := s.cycles(ctx, b.opts.Runs, idleTime, names...)
	if err != nil {
		b.fail(figStart(prod), startTarget.String(), err)
		return
	}
	sum := func(name string, f func(cycleResult) float64) Summary {
		var xs []float64
		for _, r := range by[name] {
			xs = append(xs, f(r))
		}
		return Summarize(xs)
	}
	startMS := func(r cycleResult) float64 { return float64(r.StartUS) / 1000 }
	connectMS := func(r cycleResult) float64 { return float64(r.ConnectUS) / 1000 }
	stopMS := func(r cycleResult) float64 { return float64(r.StopUS) / 1000 }
	wsMiB := func(r cycleResult) float64 { return float64(r.WS) / (1 << 20) }

	rows := &b.report.Rows
	*rows = append(*rows,
		ratioRow(figStart(prod), sum(prod, startMS), sum(bareHTTPName, startMS), "ms", 1, startTarget),
		ratioRow(figStop(prod), sum(prod, stopMS), sum(bareName, stopMS), "ms", 1, stopTarget),
		ratioRow(figMemory(prod), sum(prod, wsMiB), sum(bareName, wsMiB), "MiB", 1, memoryTarget),
	)
	b.runtimeRows(s, sum)
	split := func(name string) string {
		c := sum(name, connectMS).Median
		return fmt.Sprintf("%s %.1f ms + %.1f ms", name, c, sum(name, startMS).Median-c)
	}
	b.note("Start, split into StartService returned (process created, Go runtime up, dispatcher connected) + RUNNING after that (medians): %s; %s; %s; %s.",
		split(prod), split(bareHTTPName), split(minimalName), split(bareName))
	controlMS := func(r cycleResult) float64 { return float64(r.ControlUS) / 1000 }
	hs, bs := sum(prod, controlMS), sum(bareName, controlMS)
	b.note("Stop, split: ControlService returned (the service's handler took the request) after %.1f ms for %s and %.1f ms for bare; STOPPED followed %.1f ms and %.1f ms later (medians).",
		hs.Median, prod, bs.Median, sum(prod, stopMS).Median-hs.Median, sum(bareName, stopMS).Median-bs.Median)
	if kStarts {
		*rows = append(*rows,
			ratioRow("sc start → RUNNING (ms): "+prod+" / kardianos", sum(prod, startMS), sum(kardianosName, startMS), "ms", 1, startTarget),
			ratioRow("idle working set (MiB): "+prod+" / kardianos", sum(prod, wsMiB), sum(kardianosName, wsMiB), "MiB", 1, memoryTarget))
	}

	b.logf("start and memory profile")
	if err := b.profile(ctx, s, b.opts.Sample); err != nil {
		b.errs = append(b.errs, fmt.Errorf("profile: %w", err))
	}

	b.logf("stop with %d requests of %s in flight: %d runs", drainRequests, drainDelay, b.opts.Runs)
	var over, stop []float64
	for range b.opts.Runs {
		d, err := s.stopWithRequests(ctx, b.opts.Sample, drainRequests, drainDelay)
		if err != nil {
			b.fail(figDrain, drainTarget.String(), err)
			return
		}
		over, stop = append(over, d.OverheadMS), append(stop, d.StopMS)
	}
	*rows = append(*rows, absRow(figDrain, Summarize(over), 1, drainTarget))
	b.note("With %d requests of %s in flight, all %d completed every time; stop → STOPPED took %s.",
		drainRequests, drainDelay, drainRequests, Summarize(stop).Format("ms", 0))
}

// kardianos reports whether the kardianos/service baseline starts at all.
func (b *run) kardianos(ctx context.Context, s *services) bool {
	fig := "kardianos/service " + kardianosVersion(b.opts.Root) + " sample starts under Wine's SCM"
	r, err := s.start(ctx, kardianosName, "10s")
	if err != nil {
		b.fail(fig, "reported", err)
		return false
	}
	row := Row{Figure: fig, Target: "reported", Verdict: "reported"}
	if r.Err != "" {
		row.Baseline = fmt.Sprintf("StartService failed after %.1f s: %s", float64(r.ConnectUS)/1e6, r.Err)
		row.Result = "no"
		b.report.Rows = append(b.report.Rows, row)
		return false
	}
	if _, err := s.stop(ctx, kardianosName); err != nil {
		b.fail(fig, "reported", err)
		return false
	}
	row.Baseline = fmt.Sprintf("RUNNING after %.1f ms", float64(r.StartUS)/1000)
	row.Result = "yes"
	b.report.Rows = append(b.report.Rows, row)
	return true
}

// kardianosVersion is the version of kardianos/service the baseline's
// go.mod pins, for the table.
func kardianosVersion(root string) string {
	data, err := os.ReadFile(filepath.Join(root, module, "testdata", "kardianos", "go.mod"))
	if err != nil {
		return "(version unknown)"
	}
	return requiredVersion(string(data), "github.com/kardianos/service")
}

// requiredVersion finds module's version in the text of a go.mod.
func requiredVersion(gomod, module string) string {
	for _, line := range strings.Split(gomod, "\n") {
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require"))
		if len(f) >= 2 && f[0] == module {
			return f[1]
		}
	}
	return "(version unknown)"
}

func (b *run) note(format string, args ...any) {
	b.report.Notes = append(b.report.Notes, fmt.Sprintf(format, args...))
}
