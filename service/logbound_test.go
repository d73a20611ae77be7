package service

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/service/exitcode"
)

// reportEventLimit is ReportEventW's documented limit on one string, in
// UTF-16 code units: an event over it is lost.
const reportEventLimit = 31_839

func TestCapEventTextStaysBelowReportEventLimit(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
	}{
		{"ASCII", "start " + strings.Repeat("a", 1<<20)},
		{"two units a character", "start " + strings.Repeat("𝄞", 40_000)},
		{"mixed, invalid bytes", "start " + strings.Repeat("é\xff𝄞x", 20_000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := capEventText(tc.text, maxEventChars)
			if n := utf16Len(got); n > maxEventChars || n >= reportEventLimit {
				t.Fatalf("capped text is %d UTF-16 units, limit %d (ReportEvent's %d)", n, maxEventChars, reportEventLimit)
			}
			head, marker, ok := strings.Cut(got, "\r\n… [event text cut: ")
			if !ok || !strings.HasPrefix(tc.text, head) || !strings.HasPrefix(head, "start ") {
				t.Fatalf("capped text does not keep the start and end in a marker: %.100q … %.200q", got, got[max(0, len(got)-200):])
			}
			total, shown := utf16Len(tc.text), utf16Len(head)
			want := fmt.Sprintf("%d characters, the last %d not shown;", total, total-shown)
			if !strings.HasPrefix(marker, want) {
				t.Fatalf("marker %q, want it to start %q", marker, want)
			}
		})
	}
	if got := capEventText("short\x00text", maxEventChars); got != `short\x00text` {
		t.Fatalf("NUL not replaced: %q", got)
	}
}

func TestEventHandlerCapsText(t *testing.T) {
	el := &fakeEventLog{}
	slog.New(newEventHandler(el, slog.LevelInfo)).Error("stopped", "error", strings.Repeat("v", 1<<20)+"\x00")
	if len(el.events) != 1 {
		t.Fatalf("got %d events, want 1", len(el.events))
	}
	text := el.events[0].text
	if n := utf16Len(text); n >= reportEventLimit || !strings.Contains(text, "… [event text cut: ") {
		t.Fatalf("event text of %d UTF-16 units, over ReportEvent's limit or without a marker", n)
	}
	if !strings.HasPrefix(text, "stopped\r\nerror: vvv") {
		t.Fatalf("event text lost its start: %.60q", text)
	}
}

// panicDeep recurses so the stack is long, then panics with a huge value.
func panicDeep(depth int, value string) {
	if depth > 0 {
		panicDeep(depth-1, value)
		return
	}
	panic(value)
}

func TestPanicEventKeepsValueAndFirstFrames(t *testing.T) {
	el := &fakeEventLog{}
	value := "bad value " + strings.Repeat("p", 1<<20)
	h := startLifecycleLog(t, false, slog.New(newEventHandler(el, slog.LevelInfo)), func(context.Context, func()) error {
		panicDeep(500, value)
		return nil
	})
	for s := h.next(); s.State != stateStopped; s = h.next() {
	}
	if err := h.err(); exitcode.Of(err) != exitcode.Panic {
		t.Fatalf("run: %v, want a panic", exitcode.Of(err))
	}
	var text string
	for _, e := range el.events {
		if e.id == eventPanic {
			text = e.text
		}
	}
	if text == "" {
		t.Fatalf("no panic event among %d events", len(el.events))
	}
	if n := utf16Len(text); n >= reportEventLimit {
		t.Fatalf("panic event is %d UTF-16 units: ReportEvent would refuse it and the stack would be lost", n)
	}
	for _, want := range []string{
		"error: panic: bad value ppp",           // the panic value's start
		fmt.Sprintf("… (%d bytes)", len(value)), // its length, as it was cut
		"service.panicDeep(",                    // the frame that panicked
	} {
		if !strings.Contains(text, want) {
			t.Errorf("panic event lacks %q:\n%.300s … %s", want, text, text[max(0, len(text)-300):])
		}
	}
}

func TestRecordCapCutsOneRecordWithAMarker(t *testing.T) {
	var out bytes.Buffer
	log := slog.New(slog.NewTextHandler(recordCap{w: &out, max: maxRecordBytes}, nil))
	log.Info("small")
	log.Error("stopped", "error", strings.Repeat("é", 1<<20), "after", "x")
	log.Info("next")
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want 3", len(lines))
	}
	cut := lines[1]
	if len(cut) >= maxRecordBytes || !utf8.ValidString(cut) || !strings.Contains(cut, "error=") ||
		!strings.Contains(cut, " not shown]") {
		t.Fatalf("cut record: %d bytes, valid %v, %.80q … %q", len(cut), utf8.ValidString(cut), cut, cut[len(cut)-60:])
	}
	if !strings.Contains(lines[2], "msg=next") {
		t.Fatalf("the record after a cut one is not on its own line: %q", lines[2])
	}
}

// captureStderr runs f with os.Stderr sent to a file and returns what f wrote.
func captureStderr(t *testing.T, f func()) string {
	t.Helper()
	tmp, err := os.CreateTemp(testtemp.Dir(t), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer tmp.Close()
	saved := os.Stderr
	os.Stderr = tmp
	defer func() { os.Stderr = saved }()
	f()
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(tmp)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestConsoleOutputIsBounded(t *testing.T) {
	saved := slog.Default()
	defer slog.SetDefault(saved)
	huge := strings.Repeat("x", 50<<20)
	out := captureStderr(t, func() {
		err := runConsole(Config{Name: "t"}.withDefaults(), func(_ context.Context, ready func()) error {
			ready()
			slog.Info("listening", "addr", huge)
			return fmt.Errorf("listen %s: refused", huge)
		})
		if exitcode.Of(err) != exitcode.Failure {
			t.Errorf("run: code %d, want %d", exitcode.Of(err), exitcode.Failure)
		}
	})
	if len(out) > 4*maxRecordBytes {
		t.Fatalf("console got %d bytes for two records", len(out))
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if len(line) >= maxRecordBytes {
			t.Errorf("a console line of %d bytes", len(line))
		}
	}
	if strings.Count(out, "bytes, the last") != 2 {
		t.Fatalf("console output does not mark both cut records:\n%.300s", out)
	}
}

func TestRunPrintsABoundedError(t *testing.T) {
	saved := os.Args
	defer func() { os.Args = saved }()
	os.Args = []string{"t", "service", strings.Repeat("c", 50<<20)} // an unknown command, echoed
	out := captureStderr(t, func() {
		if err := Run(Config{Name: "t"}, nil); exitcode.Of(err) != exitcode.Usage {
			t.Errorf("Run: code %d (%.100v), want %d", exitcode.Of(err), err, exitcode.Usage)
		}
	})
	if len(out) > maxRecordBytes || !strings.HasPrefix(out, "t: ") {
		t.Fatalf("Run printed %d bytes: %.100q", len(out), out)
	}
}
