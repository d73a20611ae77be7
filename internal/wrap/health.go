package wrap

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// probe is one health check attempt: nil means ready.
type probe func(ctx context.Context) error

// newProbe returns the configured check, or nil when there is none.
func newProbe(h HealthConfig) probe {
	switch {
	case h.HTTP != "":
		client := &http.Client{
			Timeout: 5 * time.Second,
			// A redirect elsewhere is not this program's answer.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
		return func(ctx context.Context) error {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.HTTP, nil)
			if err != nil {
				return err
			}
			resp, err := client.Do(req)
			if err != nil {
				return err
			}
			resp.Body.Close()
			if resp.StatusCode < 200 || resp.StatusCode > 299 {
				return fmt.Errorf("GET %s: %s", h.HTTP, resp.Status)
			}
			return nil
		}
	case h.TCP != "":
		return func(ctx context.Context) error {
			var d net.Dialer
			dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			c, err := d.DialContext(dctx, "tcp", h.TCP)
			if err != nil {
				return err
			}
			return c.Close()
		}
	}
	return nil
}
