// Package benchdrive tells `mage bench` (packaging/bench) what it needs of
// the sample, hellosvc, beyond svcpack.yaml: the install arguments that turn
// its /delay endpoint on, its -version flag, how a slow request to /delay
// reads, and its HTTP server written on bare x/sys (barehttp), the start
// figure's baseline. It lives beside the sample, outside the bench's own code, which
// names no product; the sample's bench command (cmd/hellosvc/bench) passes it
// in.
package benchdrive

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/svcpack/svcpack/packaging/bench"
)

// Sample is hellosvc's driver for the bench.
func Sample() bench.Sample {
	return bench.Sample{
		InstallArgs: func(addr string) []string {
			return []string{"--set", "listen=" + addr, "--set", "demo_delay_endpoint=true"}
		},
		VersionArgs: []string{"-version"},
		SlowRequest: slowRequest,
		BareHTTP:    "./cmd/hellosvc/bench/benchdrive/barehttp",
	}
}

// client opens a connection per request: each slow request is a connection
// of its own that the drain must wait for.
var client = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

// slowRequest is GET /delay?d=…: hellosvc answers "waiting …" at once and
// "done after …" when d has passed (cmd/hellosvc/server.go).
func slowRequest(ctx context.Context, addr string, d time.Duration, started func(error)) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://%s/delay?d=%s", addr, d), nil)
	if err != nil {
		started(err)
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		started(err)
		return err
	}
	defer resp.Body.Close()
	r := bufio.NewReader(resp.Body)
	first, err := r.ReadString('\n')
	if err != nil || !strings.HasPrefix(first, "waiting") {
		err = fmt.Errorf("GET /delay did not start: %q, %v", first, err)
		started(err)
		return err
	}
	started(nil)
	rest, err := io.ReadAll(r)
	if err != nil || !strings.Contains(string(rest), "done after") {
		return fmt.Errorf("GET /delay cut off by the stop: %q, %v", rest, err)
	}
	return nil
}
