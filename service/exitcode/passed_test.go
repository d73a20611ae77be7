package exitcode

import (
	"errors"
	"fmt"
	"testing"
)

func TestPassedCarriesTheProgramsCode(t *testing.T) {
	boom := errors.New("boom")
	cases := []struct {
		code   uint32
		passed bool
	}{
		{3, true}, // the table's Config number, but the program's 3
		{4294967295, true},
		{0, false}, // 0 would read as success: Failure instead
	}
	for _, tc := range cases {
		want := Failure
		if tc.passed {
			want = int(tc.code) // -1 on a 32-bit build: the same uint32
		}
		err := fmt.Errorf("service: %w", Passed(tc.code, boom))
		if Of(err) != want || IsPassed(err) != tc.passed || !errors.Is(err, boom) {
			t.Errorf("Passed(%d): Of %d IsPassed %v Is(boom) %v; want %d %v true", tc.code, Of(err), IsPassed(err), errors.Is(err, boom), want, tc.passed)
		}
		if uint32(Of(err)) != tc.code && tc.passed {
			t.Errorf("Passed(%d): the SCM would see %d", tc.code, uint32(Of(err)))
		}
	}
	if Passed(5, nil) != nil || IsPassed(Wrap(Config, boom)) || IsPassed(boom) {
		t.Error("nil must stay nil, and only Passed's codes are passed")
	}
}
