//go:build !windows

package programdata

import "os"

// Root is the user's config directory off Windows, where programs run in
// console mode for development.
func Root() string {
	base, err := os.UserConfigDir()
	if err != nil {
		return os.TempDir()
	}
	return base
}
