package bench

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// drainResult is one stop of the product's service with slow requests in flight.
type drainResult struct {
	StopMS     float64 // stop request → STOPPED
	OverheadMS float64 // STOPPED − the slowest request's completion
}

// stopWithRequests starts the product's service, puts n slow requests of
// delay in flight (the sample's SlowRequest: each answer begun, so each is
// being served), stops the service, and checks that every request completed.
// Clocks: the request completions are the host's wall clock, STOPPED is the
// stopwatch's GetSystemTimePreciseAsFileTime, which Wine reads from the same
// clock.
func (s *services) stopWithRequests(ctx context.Context, sample Sample, n int, delay time.Duration) (drainResult, error) {
	st, err := s.start(ctx, s.prodName, "30s")
	if err != nil {
		return drainResult{}, err
	}
	if st.Err != "" {
		return drainResult{}, fmt.Errorf("start %s: %s", s.prodName, st.Err)
	}
	if err := waitHealthy(ctx, s.prodAddr, s.prodHealth, 10*time.Second); err != nil {
		return drainResult{}, err
	}

	started := make(chan error, n)
	done := make([]time.Time, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = sample.SlowRequest(ctx, s.prodAddr, delay, func(err error) { started <- err })
			done[i] = time.Now()
			if errs[i] != nil {
				errs[i] = fmt.Errorf("request %d: %w", i, errs[i])
			}
		}()
	}
	for range n {
		if err := <-started; err != nil {
			wg.Wait()
			return drainResult{}, err
		}
	}
	sp, err := s.stop(ctx, s.prodName)
	wg.Wait()
	if err != nil {
		return drainResult{}, err
	}
	for _, e := range errs {
		if e != nil {
			return drainResult{}, e
		}
	}
	first, last := done[0], done[0]
	for _, t := range done {
		if t.Before(first) {
			first = t
		}
		if t.After(last) {
			last = t
		}
	}
	if sp.ControlUnixNS >= first.UnixNano() {
		return drainResult{}, fmt.Errorf("the stop reached %s %v after the first request had completed: lengthen the delay",
			s.prodName, time.Duration(sp.ControlUnixNS-first.UnixNano()))
	}
	return drainResult{
		StopMS:     float64(sp.StopUS) / 1000,
		OverheadMS: float64(sp.StoppedUnixNS-last.UnixNano()) / 1e6,
	}, nil
}
