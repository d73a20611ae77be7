package manage

import (
	"bytes"
	"strings"
	"testing"
)

// TestStatusShowsProcessHandles: a running service's process handle count is
// a status row; a stopped service has no process, so "-".
func TestStatusShowsProcessHandles(t *testing.T) {
	f := newFake()
	var asked []uint32
	defer func(old func(uint32) string) { serviceProcessHandles = old }(serviceProcessHandles)
	serviceProcessHandles = func(pid uint32) string { asked = append(asked, pid); return "123" }
	var out bytes.Buffer
	for _, args := range [][]string{{"install"}, {"status"}} {
		out.Reset()
		if err := run(f.env(&out), testSpec, args); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	if !strings.Contains(out.String(), "\nHandles:               -\n") || len(asked) != 0 {
		t.Fatalf("stopped service: asked for %v; status:\n%s", asked, out.String())
	}
	for _, args := range [][]string{{"start"}, {"status"}} {
		out.Reset()
		if err := run(f.env(&out), testSpec, args); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	if !strings.Contains(out.String(), "\nHandles:               123\n") || len(asked) != 1 || asked[0] != 4242 {
		t.Fatalf("running service (PID 4242): asked for %v; status:\n%s", asked, out.String())
	}
}
