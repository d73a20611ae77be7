package bench

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A sample driver without its bare-x/sys HTTP server cannot give the start
// figure its baseline: Run refuses it before building anything.
func TestSampleWithoutBareHTTPIsIncomplete(t *testing.T) {
	s := Sample{
		InstallArgs: func(string) []string { return nil },
		VersionArgs: []string{"-version"},
		SlowRequest: func(context.Context, string, time.Duration, func(error)) error { return nil },
	}
	if err := s.check(); err == nil || !strings.Contains(err.Error(), "BareHTTP") {
		t.Errorf("check() without BareHTTP = %v, want an error naming BareHTTP", err)
	}
	s.BareHTTP = "./cmd/sample/barehttp"
	if err := s.check(); err != nil {
		t.Errorf("check() of a complete sample = %v", err)
	}
}
