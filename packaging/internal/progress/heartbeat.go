// Package progress keeps long steps from being silent: a step that has
// written nothing for a while says it is still working.
package progress

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// QuietLimit is the longest a long step may be silent before it says it is
// still working.
const QuietLimit = 15 * time.Second

// Heartbeat runs f with a writer that goes to log and, whenever f has written
// nothing for quiet, writes "<what> (<elapsed> so far)" so that a long step
// is never silent for longer than that.
func Heartbeat(log io.Writer, quiet time.Duration, what string, f func(w io.Writer) error) error {
	start := time.Now()
	w := &lastWrite{w: log, last: start}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(quiet / 30)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case now := <-tick.C:
				w.ifQuiet(now, quiet, func() {
					fmt.Fprintf(log, "%s (%s so far)\n", what, now.Sub(start).Round(time.Second))
				})
			}
		}
	}()
	err := f(w)
	close(done)
	wg.Wait()
	return err
}

// lastWrite passes writes on and remembers when the last one was.
type lastWrite struct {
	mu   sync.Mutex
	w    io.Writer
	last time.Time
}

func (l *lastWrite) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.last = time.Now()
	return l.w.Write(p)
}

// ifQuiet calls say, and counts it as a write, when nothing was written for quiet.
func (l *lastWrite) ifQuiet(now time.Time, quiet time.Duration, say func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.last) >= quiet {
		say()
		l.last = now
	}
}
