//go:build !windows

package service

import "os"

func dataRoot() string {
	base, err := os.UserConfigDir()
	if err != nil {
		return os.TempDir()
	}
	return base
}
