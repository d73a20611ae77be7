package bench

import (
	"fmt"
)

// Targets of issue 10 for the runtime alone: testdata/minimal (service.Run,
// ready, wait) against testdata/bare (x/sys's svc.Run, Running, wait). The
// exe size is reported without a target since issue 22: a service that links
// nothing but the runtime does not exist, and what the difference is made of
// (fmt, log/slog) real services link anyway.
var (
	runtimeStartTarget  = Limit{Max: 1.10}
	runtimeMemoryTarget = Limit{Max: 1.15}
)

const (
	figRuntimeStart  = "runtime alone, sc start → RUNNING (ms): service.Run minimal / bare x/sys"
	figRuntimeMemory = "runtime alone, idle working set (MiB): service.Run minimal / bare x/sys"
	figRuntimeSize   = "runtime alone, exe size: minimal.exe − bare.exe (MB)"
)

// runtimeRows adds the runtime's own cost, apart from any product's HTTP
// stack: the same interleaved cycles as the product's rows, and the exe sizes.
func (b *run) runtimeRows(s *services, sum func(name string, f func(cycleResult) float64) Summary) {
	startMS := func(r cycleResult) float64 { return float64(r.StartUS) / 1000 }
	wsMiB := func(r cycleResult) float64 { return float64(r.WS) / (1 << 20) }
	b.report.Rows = append(b.report.Rows,
		ratioRow(figRuntimeStart, sum(minimalName, startMS), sum(bareName, startMS), "ms", 1, runtimeStartTarget),
		ratioRow(figRuntimeMemory, sum(minimalName, wsMiB), sum(bareName, wsMiB), "MiB", 1, runtimeMemoryTarget))
	minimal, err := fileSize(s.exes.minimal)
	if err != nil {
		b.fail(figRuntimeSize, "reported", err)
		return
	}
	bare, err := fileSize(s.exes.bare)
	if err != nil {
		b.fail(figRuntimeSize, "reported", err)
		return
	}
	b.report.Rows = append(b.report.Rows, sizeDeltaRow(figRuntimeSize, minimal, bare))
}

// sizeDeltaRow reports ours − base, in MB (10⁶ bytes), without a target.
func sizeDeltaRow(figure string, ours, base int64) Row {
	return Row{Figure: figure, Ours: fmt.Sprintf("%.2f MB", float64(ours)/1e6), Baseline: fmt.Sprintf("%.2f MB", float64(base)/1e6),
		Result: fmt.Sprintf("%+.2f MB", float64(ours-base)/1e6), Target: "reported", Verdict: "reported"}
}
