package bench

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestRows(t *testing.T) {
	ours := Summarize([]float64{46, 44, 45})
	base := Summarize([]float64{40, 40, 40})
	met := ratioRow("start", ours, base, "ms", 1, Limit{Max: 1.15})
	if met.Result != "1.12×" || met.Verdict != "met" || met.Target != "≤ 1.15" {
		t.Errorf("ratio row = %+v", met)
	}
	missed := ratioRow("start", ours, base, "ms", 1, Limit{Max: 1.1})
	if missed.Verdict != "missed" {
		t.Errorf("1.12 against ≤ 1.1: verdict %q, want missed", missed.Verdict)
	}
	floor := Limit{Max: 0.9, AtLeast: true}
	if slow := ratioRow("capture", Summarize([]float64{8}), Summarize([]float64{10}), "MiB/s", 1, floor); slow.Verdict != "missed" || slow.Target != "≥ 0.9" {
		t.Errorf("0.80 against ≥ 0.9: verdict %q, target %q; want missed, ≥ 0.9", slow.Verdict, slow.Target)
	}
	if fast := ratioRow("capture", Summarize([]float64{12}), Summarize([]float64{10}), "MiB/s", 1, floor); fast.Verdict != "met" {
		t.Errorf("1.20 against ≥ 0.9: verdict %q, want met", fast.Verdict)
	}
	abs := absRow("drain", Summarize([]float64{250, 150, 180}), 0, Limit{Max: 200, Unit: "ms"})
	if abs.Result != "180 ms" || abs.Verdict != "met" || abs.Target != "≤ 200 ms" || abs.Baseline != "" {
		t.Errorf("absolute row = %+v", abs)
	}
	edge := absRow("drain", Summarize([]float64{200}), 0, Limit{Max: 200, Unit: "ms"})
	if edge.Verdict != "met" {
		t.Errorf("exactly on the target: verdict %q, want met", edge.Verdict)
	}
	miss := missingRow("dist", "≤ 1.5", "no Dist target")
	if miss.Verdict != "not measured: no Dist target" || miss.Result != "" {
		t.Errorf("missing row = %+v", miss)
	}
}

func TestTable(t *testing.T) {
	r := Report{Rows: []Row{
		{Figure: "a|b", Ours: "1 ms", Result: "1.00×", Target: "≤ 1.15", Verdict: "met"},
		missingRow("dist", "≤ 1 s", "why"),
	}}
	want := "| figure | svcpack | baseline | result | target | verdict |\n" +
		"|---|---|---|---|---|---|\n" +
		`| a\|b | 1 ms | — | 1.00× | ≤ 1.15 | met |` + "\n" +
		"| dist | — | — | — | ≤ 1 s | not measured: why |\n"
	if got := r.Table(); got != want {
		t.Errorf("Table:\n%s\nwant:\n%s", got, want)
	}
}

func TestSection(t *testing.T) {
	r := Report{
		Date:    time.Date(2026, 11, 23, 18, 44, 0, 0, time.UTC),
		Elapsed: 95 * time.Second,
		Machine: Machine{CPU: "AMD EPYC", Cores: 2, OS: "Debian 12", Go: "go1.26.8", Wine: "wine-8.0"},
		Notes:   []string{"a note"},
	}
	s := r.Section()
	for _, want := range []string{"Run of 2026-11-23 18:44 UTC, 1m35s in all.", "AMD EPYC, 2 cores; Debian 12; go1.26.8; wine-8.0.", "| figure |", "- a note\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("section lacks %q:\n%s", want, s)
		}
	}
}

func TestSplice(t *testing.T) {
	block := func(s string) string { return beginMarker + "\n" + s + endMarker + "\n" }
	tests := []struct{ name, doc, want string }{
		{"empty doc", "", block("new\n")},
		{"no markers: appended", "# Title\nhand text", "# Title\nhand text\n" + block("new\n")},
		{"replaces between markers, keeps the rest",
			"# Title\nbefore\n" + block("old\nlines\n") + "after\n",
			"# Title\nbefore\n" + block("new\n") + "after\n"},
		{"end marker before begin: appended", endMarker + "\n" + beginMarker + "\n",
			endMarker + "\n" + beginMarker + "\n" + block("new\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Splice(tt.doc, "new\n"); got != tt.want {
				t.Errorf("Splice:\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestSizeDeltaRow(t *testing.T) {
	// The runtime's exe size is reported, never judged (issue 22 retired the
	// +1 MB target): a large difference is no "missed".
	for _, tt := range []struct {
		ours, base int64
		result     string
	}{{2_690_000, 1_690_000, "+1.00 MB"}, {3_140_000, 1_690_000, "+1.45 MB"}} {
		r := sizeDeltaRow("size", tt.ours, tt.base)
		if r.Result != tt.result || r.Verdict != "reported" || r.Target != "reported" ||
			r.Ours != fmt.Sprintf("%.2f MB", float64(tt.ours)/1e6) || r.Baseline != "1.69 MB" {
			t.Errorf("sizeDeltaRow(%d, %d) = %+v, want result %s, reported", tt.ours, tt.base, r, tt.result)
		}
	}
}
