package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// poll is one /healthz request: when it was sent and whether it answered 200.
type poll struct {
	At time.Time
	OK bool
}

// pollHealth asks /healthz every interval (each on a new connection) until
// ctx is done, and returns every answer in order.
func pollHealth(ctx context.Context, addr string, interval time.Duration) []poll {
	var ps []poll
	for next := time.Now(); ctx.Err() == nil; next = next.Add(interval) {
		time.Sleep(time.Until(next))
		at := time.Now()
		err := healthz(ctx, addr, time.Second)
		if ctx.Err() != nil {
			break // the answer may be the cancellation's
		}
		ps = append(ps, poll{At: at, OK: err == nil})
	}
	return ps
}

// downtime is the time /healthz was unavailable: for each run of failed
// polls, from the first failure to the next success, summed. Its resolution
// is the poll interval. A run of failures with no success after it is an
// error: the service never came back.
func downtime(ps []poll) (time.Duration, error) {
	if len(ps) == 0 {
		return 0, errors.New("no /healthz polls")
	}
	if !ps[0].OK {
		return 0, errors.New("/healthz was not answering before the upgrade began")
	}
	var total time.Duration
	var downSince time.Time
	for _, p := range ps {
		switch {
		case !p.OK && downSince.IsZero():
			downSince = p.At
		case p.OK && !downSince.IsZero():
			total += p.At.Sub(downSince)
			downSince = time.Time{}
		}
	}
	if !downSince.IsZero() {
		return 0, fmt.Errorf("/healthz unavailable since %s and never came back", downSince.Format(time.RFC3339Nano))
	}
	return total, nil
}

// waitVersion waits until /version on addr reports version v.
func waitVersion(ctx context.Context, addr, v string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	var last string
	for time.Now().Before(deadline) {
		if body, err := get(ctx, "http://"+addr+"/version"); err == nil {
			if strings.Contains(body, `"version":"`+v+`"`) {
				return nil
			}
			last = body
		} else {
			last = err.Error()
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("/version on %s did not say %s within %s (last: %s)", addr, v, limit, last)
}

func get(ctx context.Context, url string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	req.Close = true
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}
