package progress

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// TestHeartbeat: a step silent for longer than the limit is announced, with
// its time so far; one that keeps talking is not. The clock is synctest's
// fake one: on a loaded host a real 10 ms sleep can take longer than the
// 50 ms limit, and the test failed for that alone.
func TestHeartbeat(t *testing.T) {
	synctest.Test(t, testHeartbeat)
}

func testHeartbeat(t *testing.T) {
	// Every write to the log, heartbeat's own included, goes through one lock.
	var log bytes.Buffer
	err := Heartbeat(&log, 20*time.Millisecond, "still at it", func(w io.Writer) error {
		time.Sleep(90 * time.Millisecond)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(log.String(), "still at it ("); n < 2 {
		t.Errorf("90 ms of silence with a 20 ms limit gave %d heartbeat lines, want at least 2:\n%s", n, log.String())
	}
	log.Reset()
	_ = Heartbeat(&log, 50*time.Millisecond, "still at it", func(w io.Writer) error {
		for range 10 {
			io.WriteString(w, "progress\n")
			time.Sleep(10 * time.Millisecond)
		}
		return nil
	})
	if strings.Contains(log.String(), "still at it") {
		t.Errorf("a step that writes every 10 ms got a heartbeat:\n%s", log.String())
	}
}
