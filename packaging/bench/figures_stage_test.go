package bench

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCovered(t *testing.T) {
	c := func(start, end float64) call { return call{start: start, end: end} }
	tests := []struct {
		name  string
		calls []call
		want  float64
	}{
		{"none", nil, 0},
		{"one", []call{c(1, 3)}, 2},
		{"apart", []call{c(5, 6), c(1, 3)}, 3},
		{"overlapping", []call{c(1, 3), c(2, 4)}, 3},
		{"nested", []call{c(1, 10), c(2, 3), c(4, 5)}, 9},
		{"touching", []call{c(1, 2), c(2, 3)}, 2},
	}
	for _, tt := range tests {
		if got := covered(tt.calls); got != tt.want {
			t.Errorf("%s: covered = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestReadCalls(t *testing.T) {
	log := filepath.Join(t.TempDir(), "calls.log")
	if err := os.WriteFile(log, []byte("wixl D 10.5 12.0\nmsiinfo export 12.0 12.25\nmsibuild tmpoutmsi 13 13.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	calls, err := readCalls(log)
	if err != nil {
		t.Fatal(err)
	}
	want := []call{{"wixl", 10.5, 12}, {"msiinfo export", 12, 12.25}, {"msibuild", 13, 13.5}}
	if len(calls) != len(want) {
		t.Fatalf("calls = %+v, want %+v", calls, want)
	}
	for i := range want {
		if calls[i] != want[i] {
			t.Errorf("call %d = %+v, want %+v", i, calls[i], want[i])
		}
	}
	if err := os.WriteFile(log, []byte("wixl 10.5 12.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readCalls(log); err == nil {
		t.Error("a line of three fields: no error")
	}
	if _, err := readCalls(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("no log: no error")
	}
}
