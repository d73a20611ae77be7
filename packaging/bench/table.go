package bench

import (
	"fmt"
	"strings"
	"time"
)

// Row is one figure of the table.
type Row struct {
	Figure   string // what is measured
	Ours     string // svcpack's side: the product's service, the MSI
	Baseline string // the other side, "" when the target is absolute
	Result   string // the compared number: a ratio of medians or an absolute median
	Target   string // "≤ 1.15", "≤ 200 ms", "reported"
	Verdict  string // "met", "missed", "reported", "not measured: why"
}

// Limit is a target: Result must not exceed Max or, for a throughput
// (AtLeast), must not fall below it.
type Limit struct {
	Max     float64
	AtLeast bool   // Max is a floor: higher is better
	Unit    string // "" for a ratio
}

func (l Limit) String() string {
	op := "≤"
	if l.AtLeast {
		op = "≥"
	}
	if l.Unit == "" {
		return fmt.Sprintf("%s %g", op, l.Max)
	}
	return fmt.Sprintf("%s %g %s", op, l.Max, l.Unit)
}

func verdict(v float64, l Limit) string {
	if v <= l.Max && !l.AtLeast || v >= l.Max && l.AtLeast {
		return "met"
	}
	return "missed"
}

// ratioRow compares the medians of ours and base.
func ratioRow(figure string, ours, base Summary, unit string, prec int, l Limit) Row {
	r := Ratio(ours, base)
	return Row{Figure: figure, Ours: ours.Format(unit, prec), Baseline: base.Format(unit, prec),
		Result: fmt.Sprintf("%.2f×", r), Target: l.String(), Verdict: verdict(r, l)}
}

// absRow holds the median of ours to an absolute limit in ours' unit.
func absRow(figure string, ours Summary, prec int, l Limit) Row {
	return Row{Figure: figure, Ours: ours.Format(l.Unit, prec),
		Result: fmt.Sprintf("%.*f %s", prec, ours.Median, l.Unit), Target: l.String(), Verdict: verdict(ours.Median, l)}
}

// missingRow is a figure that could not be measured, and why.
func missingRow(figure string, target string, why string) Row {
	return Row{Figure: figure, Target: target, Verdict: "not measured: " + why}
}

// Machine is where the numbers were taken.
type Machine struct {
	CPU   string // model name
	Cores int
	OS    string
	Go    string
	Wine  string
}

// Report is one run of the benchmark.
type Report struct {
	Date    time.Time
	Machine Machine
	Elapsed time.Duration
	Rows    []Row
	Notes   []string // facts of this run the table needs (e.g. phases of a start)
}

// Table renders the rows as a Markdown table, which reads well in a terminal too.
func (r Report) Table() string {
	var b strings.Builder
	b.WriteString("| figure | svcpack | baseline | result | target | verdict |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, row := range r.Rows {
		cells := []string{row.Figure, row.Ours, row.Baseline, row.Result, row.Target, row.Verdict}
		for i, c := range cells {
			if c == "" {
				c = "—"
			}
			cells[i] = strings.ReplaceAll(c, "|", `\|`)
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	return b.String()
}

// Section is the generated part of docs/benchmarks.md: date, machine, table
// and the run's notes.
func (r Report) Section() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Run of %s, %s in all.\n\n", r.Date.UTC().Format("2006-01-02 15:04 MST"), r.Elapsed.Round(time.Second))
	fmt.Fprintf(&b, "Machine: %s, %d cores; %s; %s; %s.\n\n", r.Machine.CPU, r.Machine.Cores, r.Machine.OS, r.Machine.Go, r.Machine.Wine)
	b.WriteString(r.Table())
	if len(r.Notes) > 0 {
		b.WriteString("\n")
		for _, n := range r.Notes {
			b.WriteString("- " + n + "\n")
		}
	}
	return b.String()
}

// Markers delimit the generated section in docs/benchmarks.md; what is
// outside them is written by people and kept.
const (
	beginMarker = "<!-- mage bench: generated from here -->"
	endMarker   = "<!-- mage bench: generated up to here -->"
)

// Splice puts section between the markers of doc, or appends the markers and
// section when doc has none.
func Splice(doc, section string) string {
	block := beginMarker + "\n" + section + endMarker + "\n"
	i := strings.Index(doc, beginMarker)
	j := strings.Index(doc, endMarker)
	if i < 0 || j < i {
		if doc != "" && !strings.HasSuffix(doc, "\n") {
			doc += "\n"
		}
		return doc + block
	}
	rest := doc[j+len(endMarker):]
	rest = strings.TrimPrefix(rest, "\n")
	return doc[:i] + block + rest
}
