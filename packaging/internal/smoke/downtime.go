package smoke

import (
	"context"
	"net/http"
	"time"
)

// Availability is what polling a health URL saw.
type Availability struct {
	Polls    int           // requests made
	Failures int           // requests without a 200 answer
	Outages  int           // runs of failures that a 200 had come before
	Down     time.Duration // all outages together: the downtime
	Longest  time.Duration // the longest outage
	Began    time.Time     // when the first outage began (zero: none)
}

// Downtime polls url every interval (each request on a new connection, as a
// new client would come) until ctx is done, and reports the outages. An
// outage lasts from the first failed request's start to the next answered
// one's, so its resolution is one interval. An outage still going on when
// ctx ends is counted up to that moment; failures before the first answer
// (a service still starting) are no outage.
func Downtime(ctx context.Context, url string, interval time.Duration) Availability {
	client := &http.Client{
		Timeout:   time.Second,
		Transport: &http.Transport{DisableKeepAlives: true},
	}
	var a Availability
	var answered bool
	var downSince time.Time
	for next := time.Now(); ; next = next.Add(interval) {
		time.Sleep(time.Until(next))
		at := time.Now()
		ok := healthy(ctx, client, url)
		if ctx.Err() != nil {
			if !downSince.IsZero() {
				a.record(downSince, at)
			}
			return a
		}
		a.Polls++
		switch {
		case ok && !downSince.IsZero():
			a.record(downSince, at)
			downSince = time.Time{}
		case !ok:
			a.Failures++
			if answered && downSince.IsZero() {
				downSince = at
				a.Outages++
				if a.Began.IsZero() {
					a.Began = at
				}
			}
		}
		answered = answered || ok
	}
}

func (a *Availability) record(from, to time.Time) {
	d := to.Sub(from)
	a.Down += d
	a.Longest = max(a.Longest, d)
}

func healthy(ctx context.Context, c *http.Client, url string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
