//go:build !windows

package manage

func processHandles(uint32) string { return "unavailable" }
