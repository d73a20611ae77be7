package rotate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
)

// tidier is the one goroutine that compresses rotated files and applies
// retention. One goroutine does both, so a file is never removed while it is
// being compressed, and a write never waits for either.
type tidier struct {
	w        *Writer
	stopping atomic.Bool // a compression under way gives up

	mu      sync.Mutex
	cond    sync.Cond
	asked   uint64 // requests so far
	served  uint64 // requests a finished pass has covered
	closing bool
	err     error // what failed since the last takeErr
	exited  chan struct{}
}

// startTidier starts w's tidier with one request: what an earlier run left.
func startTidier(w *Writer) *tidier {
	t := &tidier{w: w, asked: 1, exited: make(chan struct{})}
	t.cond.L = &t.mu
	go t.run()
	return t
}

// ask requests a pass; requests made during a pass get one more pass.
func (t *tidier) ask() {
	t.mu.Lock()
	t.asked++
	t.cond.Broadcast()
	t.mu.Unlock()
}

// idle waits until every request so far is served (tests).
func (t *tidier) idle() {
	t.mu.Lock()
	for t.served < t.asked && !t.closing {
		t.cond.Wait()
	}
	t.mu.Unlock()
}

// stop abandons the work in progress and waits for the goroutine to end.
func (t *tidier) stop() {
	t.stopping.Store(true)
	t.mu.Lock()
	t.closing = true
	t.cond.Broadcast()
	t.mu.Unlock()
	<-t.exited
}

// takeErr returns and forgets what failed since it was last called.
func (t *tidier) takeErr() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	err := t.err
	t.err = nil
	return err
}

func (t *tidier) run() {
	defer close(t.exited)
	for {
		t.mu.Lock()
		for t.served == t.asked && !t.closing {
			t.cond.Wait()
		}
		if t.closing {
			t.mu.Unlock()
			return
		}
		upTo := t.asked
		t.mu.Unlock()

		err := t.pass()

		t.mu.Lock()
		t.served = upTo
		if err != nil && t.err == nil {
			t.err = err
		}
		t.cond.Broadcast()
		t.mu.Unlock()
	}
}

// rotated is one rotated file as the folder holds it.
type rotated struct {
	k        key
	log, gz  bool
	name     string // the uncompressed name, whether or not it exists
	newestMT int64  // the newest modification time of its files, unix nanoseconds
}

// pass drops what retention no longer keeps, then compresses the rest.
func (t *tidier) pass() error {
	w := t.w
	entries, err := os.ReadDir(w.dir)
	if err != nil {
		return fmt.Errorf("tidy log folder: %w", err)
	}
	byKey := map[key]*rotated{}
	for _, e := range entries {
		k, gz, ok := parseRotated(w.base, e.Name())
		if !ok {
			continue
		}
		r := byKey[k]
		if r == nil {
			r = &rotated{k: k, name: filepath.Join(w.dir, w.base+"."+k.String()+".log")}
			byKey[k] = r
		}
		if gz {
			r.gz = true
		} else {
			r.log = true
		}
		if info, err := e.Info(); err == nil {
			r.newestMT = max(r.newestMT, info.ModTime().UnixNano())
		}
	}
	all := make([]*rotated, 0, len(byKey))
	for _, r := range byKey {
		all = append(all, r)
	}
	slices.SortFunc(all, func(a, b *rotated) int { // newest first
		switch {
		case b.k.older(a.k):
			return -1
		case a.k.older(b.k):
			return 1
		}
		return 0
	})
	var errs []error
	cutoff := int64(0)
	if w.p.MaxAge > 0 {
		cutoff = w.p.Now().Add(-w.p.MaxAge).UnixNano()
	}
	var kept []*rotated
	for _, r := range all {
		if len(kept) < w.p.MaxFiles && r.newestMT >= cutoff {
			kept = append(kept, r)
			continue
		}
		for _, name := range []string{r.name, r.name + ".gz", r.name + partialSuffix} {
			if err := remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Errorf("log retention: %w", err))
			}
		}
	}
	if w.p.Compress {
		for _, r := range kept {
			if t.stopping.Load() {
				break
			}
			if r.log {
				if err := t.compress(r.name); err != nil {
					errs = append(errs, err)
				}
			}
		}
	}
	return errors.Join(errs...)
}
