package bench

import (
	"testing"
	"time"
)

func TestDowntime(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(ms int, ok bool) poll { return poll{At: t0.Add(time.Duration(ms) * time.Millisecond), OK: ok} }
	tests := []struct {
		name    string
		polls   []poll
		want    time.Duration
		wantErr bool
	}{
		{"always up", []poll{at(0, true), at(10, true), at(20, true)}, 0, false},
		{"one outage: first failure to next success", []poll{at(0, true), at(10, false), at(20, false), at(30, false), at(40, true)}, 30 * time.Millisecond, false},
		{"two outages add up", []poll{at(0, true), at(10, false), at(20, true), at(30, false), at(40, false), at(50, true)}, 30 * time.Millisecond, false},
		{"never came back", []poll{at(0, true), at(10, false)}, 0, true},
		{"down from the start", []poll{at(0, false), at(10, true)}, 0, true},
		{"no polls", nil, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := downtime(tt.polls)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("downtime = %v, %v; want %v, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
