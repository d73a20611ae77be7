package bench

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// floodLines accounts for the lines of the C test program's `flood` step
// (Options.WrapChild): "seq=<n> stream=<s> " and 100 'x', even
// numbers on stdout and odd ones on stderr, then "flood-done lines=<N>" on
// stdout.
type floodLines struct {
	seen  []bool // by seq
	count int    // seq lines, whole and on the right stream
	done  int    // N of flood-done; -1 until seen
	bad   []string
}

func newFloodLines() *floodLines { return &floodLines{done: -1} }

// floodPad is the padding every flood line ends in.
var floodPad = strings.Repeat("x", 100)

// add reads lines of one stream's text. With tagged, each line is the
// wrapper's output log record, "<time> <stream> | <text>", and the stream is
// taken from it; else every line is stream's.
func (f *floodLines) add(r io.Reader, stream string, tagged bool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		s, text := stream, line
		if tagged {
			head, rest, ok := strings.Cut(line, " | ")
			_, tag, ok2 := strings.Cut(head, " ")
			if !ok || !ok2 {
				f.wrong("not a log record", line)
				continue
			}
			s, text = tag, rest
		}
		f.line(s, text)
	}
	return sc.Err()
}

func (f *floodLines) line(stream, text string) {
	if n, ok := strings.CutPrefix(text, "flood-done lines="); ok && stream == "stdout" {
		v, err := strconv.Atoi(n)
		if err != nil || f.done >= 0 {
			f.wrong("bad flood-done", text)
			return
		}
		f.done = v
		return
	}
	num, rest, ok := strings.Cut(strings.TrimPrefix(text, "seq="), " ")
	seq, err := strconv.Atoi(num)
	want := "stdout"
	if seq%2 == 1 {
		want = "stderr"
	}
	if !strings.HasPrefix(text, "seq=") || !ok || err != nil || seq < 0 || stream != want || rest != "stream="+want+" "+floodPad {
		f.wrong("torn, misplaced or unknown", stream+": "+text)
		return
	}
	for seq >= len(f.seen) {
		f.seen = append(f.seen, make([]bool, len(f.seen)+1024)...)
	}
	if f.seen[seq] {
		f.wrong("twice", text)
		return
	}
	f.seen[seq] = true
	f.count++
}

func (f *floodLines) wrong(why, line string) {
	if len(f.bad) < 3 {
		if len(line) > 80 {
			line = line[:80] + "…"
		}
		f.bad = append(f.bad, fmt.Sprintf("%s: %q", why, line))
	} else if len(f.bad) == 3 {
		f.bad = append(f.bad, "…")
	}
}

// check says whether every line the program wrote arrived once and whole,
// and returns their number.
func (f *floodLines) check() (int, error) {
	switch {
	case len(f.bad) > 0:
		return 0, fmt.Errorf("%d flood lines, and lines that do not belong: %s", f.count, strings.Join(f.bad, "; "))
	case f.done < 0:
		return 0, fmt.Errorf("no flood-done line (%d flood lines)", f.count)
	case f.count != f.done:
		return 0, fmt.Errorf("%d of the program's %d lines arrived: %d lost", f.count, f.done, f.done-f.count)
	}
	return f.count, nil
}
