//go:build !windows

package main

// reportSetupFailure has no Event Log to write to outside Windows.
func reportSetupFailure(name, command string, err error) {}
