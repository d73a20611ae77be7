package bench

import (
	"fmt"
	"strings"
	"testing"
)

// flood writes what child.c's flood step writes for n lines, as the two
// streams' texts.
func flood(n int) (stdout, stderr string) {
	var o, e strings.Builder
	for i := range n {
		w, s := &o, "stdout"
		if i%2 == 1 {
			w, s = &e, "stderr"
		}
		fmt.Fprintf(w, "seq=%d stream=%s %s\n", i, s, floodPad)
	}
	fmt.Fprintf(&o, "flood-done lines=%d\n", n)
	return o.String(), e.String()
}

// tag makes the wrapper's log records of text's lines, stream by stream.
func tag(stream, text string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(text, "\n") {
		if l != "" {
			b.WriteString("2026-12-01T08:00:00.000Z " + stream + " | " + l)
		}
	}
	return b.String()
}

func TestFloodLinesAllArrived(t *testing.T) {
	out, errs := flood(1001)
	direct := newFloodLines()
	if err := direct.add(strings.NewReader(out), "stdout", false); err != nil {
		t.Fatal(err)
	}
	if err := direct.add(strings.NewReader(errs), "stderr", false); err != nil {
		t.Fatal(err)
	}
	if n, err := direct.check(); n != 1001 || err != nil {
		t.Errorf("files written directly: %d, %v; want 1001, nil", n, err)
	}
	logged := newFloodLines()
	if err := logged.add(strings.NewReader(tag("stderr", errs)+tag("stdout", out)), "", true); err != nil {
		t.Fatal(err)
	}
	if n, err := logged.check(); n != 1001 || err != nil {
		t.Errorf("output log: %d, %v; want 1001, nil", n, err)
	}
}

func TestFloodLinesFindsLossAndDamage(t *testing.T) {
	out, errs := flood(10)
	lines := strings.SplitAfter(out, "\n")
	cases := map[string]struct{ out, err, want string }{
		"a line lost":     {strings.Join(append(lines[:1:1], lines[2:]...), ""), errs, "9 of the program's 10 lines arrived: 1 lost"},
		"a line torn":     {strings.Replace(out, "seq=2 stream=stdout xx", "seq=2 stream=stdout x\nx", 1), errs, "torn"},
		"a line twice":    {lines[0] + out, errs, "twice"},
		"a wrong stream":  {out + strings.SplitAfter(errs, "\n")[0], errs, "torn, misplaced"},
		"no flood-done":   {strings.Join(lines[:len(lines)-2], ""), errs, "no flood-done"},
		"a stranger line": {"hello\n" + out, errs, "torn, misplaced or unknown"},
	}
	for name, c := range cases {
		f := newFloodLines()
		_ = f.add(strings.NewReader(c.out), "stdout", false)
		_ = f.add(strings.NewReader(c.err), "stderr", false)
		if _, err := f.check(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: check() = %v, want an error with %q", name, err, c.want)
		}
	}
	f := newFloodLines()
	_ = f.add(strings.NewReader("no record here\n"), "", true)
	if _, err := f.check(); err == nil || !strings.Contains(err.Error(), "not a log record") {
		t.Errorf("an untagged line in the log: %v", err)
	}
}
