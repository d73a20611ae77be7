package main

import "testing"

func TestCheckArgs(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		flags bool
		ok    bool
	}{
		{nil, false, true},
		{nil, true, true}, // hellosvc -config x
		{[]string{"service", "install"}, false, true}, // passed through to service.Run
		{[]string{"service", "run"}, true, false},     // the service would not read -config's file
		{[]string{"serve"}, false, false},
	} {
		if err := checkArgs(tc.args, tc.flags); (err == nil) != tc.ok {
			t.Errorf("checkArgs(%q, flags=%v) = %v, want ok=%v", tc.args, tc.flags, err, tc.ok)
		}
	}
}
