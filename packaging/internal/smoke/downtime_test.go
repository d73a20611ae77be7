package smoke

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestDowntimeCountsOutagesAfterFirstAnswer(t *testing.T) {
	var status, served atomic.Int32
	status.Store(http.StatusServiceUnavailable) // starting: not an outage yet
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(int(status.Load()))
		served.Add(1)
	}))
	defer srv.Close()

	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan Availability, 1)
	go func() { result <- Downtime(ctx, srv.URL, time.Millisecond) }()
	// Each phase waits for polls to see it, not for a time.
	polls := func(n int32) {
		want := served.Load() + n
		for deadline := time.Now().Add(10 * time.Second); served.Load() < want; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%d polls in 10s, want %d", served.Load(), want)
			}
		}
	}
	polls(5)
	status.Store(http.StatusOK)
	polls(5)
	status.Store(http.StatusInternalServerError)
	polls(5)
	status.Store(http.StatusOK)
	polls(5)
	cancel()
	a := <-result

	if a.Outages != 1 || a.Down <= 0 || a.Longest != a.Down || a.Began.IsZero() {
		t.Errorf("got %+v, want one outage with a duration and a start", a)
	}
	if a.Failures <= 0 || a.Polls <= a.Failures {
		t.Errorf("got %+v, want failures among more polls", a)
	}
}
