package bench

import (
	"testing"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want Summary
	}{
		{"one", []float64{7}, Summary{N: 1, Median: 7, Min: 7, Max: 7}},
		{"odd, unsorted", []float64{5, 1, 9, 3, 7}, Summary{N: 5, Median: 5, Min: 1, Max: 9}},
		{"even: mean of the middle two", []float64{4, 1, 3, 10}, Summary{N: 4, Median: 3.5, Min: 1, Max: 10}},
		{"outlier does not move the median", []float64{40, 41, 39, 400, 42}, Summary{N: 5, Median: 41, Min: 39, Max: 400}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]float64(nil), tt.xs...)
			if got := Summarize(tt.xs); got != tt.want {
				t.Errorf("Summarize(%v) = %+v, want %+v", tt.xs, got, tt.want)
			}
			for i := range in {
				if in[i] != tt.xs[i] {
					t.Fatalf("Summarize reordered its input: %v", tt.xs)
				}
			}
		})
	}
}

func TestSummarizeNothingPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Summarize(nil) did not panic")
		}
	}()
	Summarize(nil)
}

func TestRatioAndFormat(t *testing.T) {
	a := Summarize([]float64{44, 46, 45})
	b := Summarize([]float64{40, 30, 50})
	if got := Ratio(a, b); got != 45.0/40.0 {
		t.Errorf("Ratio = %v, want %v", got, 45.0/40.0)
	}
	if got, want := a.Format("ms", 1), "45.0 ms (44.0–46.0, n=3)"; got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
}
