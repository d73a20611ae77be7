//go:build !windows

package policy

import "context"

// Other systems have no Group Policy: no values, no changes.
func readKey(string, []string) (map[string]Raw, error) { return nil, nil }

func watchKey(ctx context.Context, _ string, _ func()) error {
	<-ctx.Done()
	return ctx.Err()
}
