package bench

import (
	"fmt"
	"slices"
)

// Summary is what the table shows of repeated measurements of one figure.
type Summary struct {
	N                int
	Median, Min, Max float64
}

// Summarize returns the median, min and max of xs (the median of an even
// count is the mean of the middle two). It panics on no samples: a figure
// without samples is a bug in the benchmark, not a result.
func Summarize(xs []float64) Summary {
	if len(xs) == 0 {
		panic("bench: Summarize of no samples")
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	mid := len(s) / 2
	med := s[mid]
	if len(s)%2 == 0 {
		med = (s[mid-1] + s[mid]) / 2
	}
	return Summary{N: len(s), Median: med, Min: s[0], Max: s[len(s)-1]}
}

// Ratio is the ratio of the medians, a/b.
func Ratio(a, b Summary) float64 { return a.Median / b.Median }

// Format prints the summary with a unit and precision: "41.2 ms (39.0–45.1, n=15)".
func (s Summary) Format(unit string, prec int) string {
	return fmt.Sprintf("%.*f %s (%.*f–%.*f, n=%d)", prec, s.Median, unit, prec, s.Min, prec, s.Max, s.N)
}
