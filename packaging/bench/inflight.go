package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// drainResult is one stop of hellosvc with slow requests in flight.
type drainResult struct {
	StopMS     float64 // stop request → STOPPED
	OverheadMS float64 // STOPPED − the slowest request's completion
}

// stopWithRequests starts hellosvc, puts n requests of /delay?d=delay in
// flight (each answered its first line, so each is being served), stops the
// service, and checks that every request completed. Clocks: the request
// completions are the host's wall clock, STOPPED is the stopwatch's
// GetSystemTimePreciseAsFileTime, which Wine reads from the same clock.
func (s *services) stopWithRequests(ctx context.Context, n int, delay time.Duration) (drainResult, error) {
	st, err := s.start(ctx, helloName, "30s")
	if err != nil {
		return drainResult{}, err
	}
	if st.Err != "" {
		return drainResult{}, fmt.Errorf("start hellosvc: %s", st.Err)
	}
	if err := waitHealthy(ctx, s.helloAddr, 10*time.Second); err != nil {
		return drainResult{}, err
	}

	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true, MaxConnsPerHost: 0}}
	url := fmt.Sprintf("http://%s/delay?d=%s", s.helloAddr, delay)
	started := make(chan error, n)
	done := make([]time.Time, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = func() error {
				resp, err := client.Get(url)
				if err != nil {
					started <- err
					return err
				}
				defer resp.Body.Close()
				r := bufio.NewReader(resp.Body)
				first, err := r.ReadString('\n')
				if err != nil || !strings.HasPrefix(first, "waiting") {
					err = fmt.Errorf("request %d did not start: %q, %v", i, first, err)
					started <- err
					return err
				}
				started <- nil
				rest, err := io.ReadAll(r)
				done[i] = time.Now()
				if err != nil || !strings.Contains(string(rest), "done after") {
					return fmt.Errorf("request %d cut off by the stop: %q, %v", i, rest, err)
				}
				return nil
			}()
		}()
	}
	for range n {
		if err := <-started; err != nil {
			wg.Wait()
			return drainResult{}, err
		}
	}
	sp, err := s.stop(ctx, helloName)
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
		return drainResult{}, fmt.Errorf("the stop reached hellosvc %v after the first request had completed: lengthen the delay",
			time.Duration(sp.ControlUnixNS-first.UnixNano()))
	}
	return drainResult{
		StopMS:     float64(sp.StopUS) / 1000,
		OverheadMS: float64(sp.StoppedUnixNS-last.UnixNano()) / 1e6,
	}, nil
}
