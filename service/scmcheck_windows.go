package service

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

// launchedBySCM tells whether the SCM is starting this process as the
// service name: the service exists, is START_PENDING, and its process is us.
// known is false when the SCM could not be asked (then the caller just tries
// to connect). Windows' StartServiceCtrlDispatcher fails at once outside the
// SCM, but Wine's waits 10 s; asking first answers a console user at once on both.
func launchedBySCM(name string) (ok, known bool) {
	m, err := windows.OpenSCManager(nil, nil, windows.SC_MANAGER_CONNECT)
	if err != nil {
		return false, false
	}
	defer windows.CloseServiceHandle(m)
	n, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return false, false
	}
	s, err := windows.OpenService(m, n, windows.SERVICE_QUERY_STATUS)
	if err == windows.ERROR_SERVICE_DOES_NOT_EXIST {
		return false, true
	}
	if err != nil {
		return false, false
	}
	defer windows.CloseServiceHandle(s)
	var st windows.SERVICE_STATUS_PROCESS
	var needed uint32
	err = windows.QueryServiceStatusEx(s, windows.SC_STATUS_PROCESS_INFO,
		(*byte)(unsafe.Pointer(&st)), uint32(unsafe.Sizeof(st)), &needed)
	if err != nil {
		return false, false
	}
	return st.CurrentState == windows.SERVICE_START_PENDING && st.ProcessId == windows.GetCurrentProcessId(), true
}
