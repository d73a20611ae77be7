package manage

import (
	"strconv"
	"unsafe"

	"golang.org/x/sys/windows"
)

// GetProcessHandleCount is not in x/sys/windows.
var kernelGetProcessHandleCount = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetProcessHandleCount")

// processHandles reads the handle count of process pid with the least access
// that allows it (PROCESS_QUERY_LIMITED_INFORMATION).
func processHandles(pid uint32) string {
	p, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return "unavailable"
	}
	defer windows.CloseHandle(p)
	var n uint32
	if r, _, _ := kernelGetProcessHandleCount.Call(uintptr(p), uintptr(unsafe.Pointer(&n))); r == 0 || n == 0 {
		return "unavailable"
	}
	return strconv.FormatUint(uint64(n), 10)
}
