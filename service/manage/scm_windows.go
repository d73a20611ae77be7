package manage

import (
	"errors"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

func system() (scmAPI, hostAPI) { return winSCM{}, winHost{} }

// winSCM calls the SCM through x/sys/windows directly rather than svc/mgr:
// mgr.Connect asks for SC_MANAGER_ALL_ACCESS, which only an elevated caller
// gets, so `status` would need elevation for no reason.
type winSCM struct{}

// Missing from x/sys/windows.
type serviceSIDInfo struct{ ServiceSidType uint32 }
type servicePreshutdownInfo struct{ PreshutdownTimeout uint32 }

// optUTF16 is nil for "": the SCM reads a nil string as "no change" or "none".
func optUTF16(s string) (*uint16, error) {
	if s == "" {
		return nil, nil
	}
	return windows.UTF16PtrFromString(s)
}

// multiSZ encodes a REG_MULTI_SZ-style list ("a\0b\0\0"); nil for none.
func multiSZ(list []string) *uint16 {
	if len(list) == 0 {
		return nil
	}
	var b []uint16
	for _, s := range list {
		b = append(b, windows.StringToUTF16(s)...)
	}
	b = append(b, 0)
	return &b[0]
}

func fromMultiSZ(p *uint16) []string {
	var list []string
	for p != nil && *p != 0 {
		n := 0
		for *(*uint16)(unsafe.Add(unsafe.Pointer(p), 2*n)) != 0 {
			n++
		}
		list = append(list, windows.UTF16ToString(unsafe.Slice(p, n)))
		p = (*uint16)(unsafe.Add(unsafe.Pointer(p), 2*(n+1)))
	}
	return list
}

func (winSCM) OpenManager(access uint32) (scHandle, error) {
	h, err := windows.OpenSCManager(nil, nil, access)
	return scHandle(h), err
}

func (winSCM) OpenService(m scHandle, name string, access uint32) (scHandle, error) {
	n, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return 0, err
	}
	h, err := windows.OpenService(windows.Handle(m), n, access)
	return scHandle(h), err
}

func (winSCM) CreateService(m scHandle, name string, c serviceConfig, access uint32) (scHandle, error) {
	n, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return 0, err
	}
	display, err := optUTF16(c.DisplayName)
	if err != nil {
		return 0, err
	}
	bin, err := windows.UTF16PtrFromString(c.BinaryPath)
	if err != nil {
		return 0, err
	}
	account, err := optUTF16(c.Account)
	if err != nil {
		return 0, err
	}
	// No password: virtual and built-in service accounts have none.
	h, err := windows.CreateService(windows.Handle(m), n, display, access, windows.SERVICE_WIN32_OWN_PROCESS,
		c.StartType, windows.SERVICE_ERROR_NORMAL, bin, nil, nil, multiSZ(c.Dependencies), account, nil)
	return scHandle(h), err
}

func (winSCM) QueryStatus(s scHandle) (serviceStatus, error) {
	var p windows.SERVICE_STATUS_PROCESS
	var needed uint32
	err := windows.QueryServiceStatusEx(windows.Handle(s), windows.SC_STATUS_PROCESS_INFO,
		(*byte)(unsafe.Pointer(&p)), uint32(unsafe.Sizeof(p)), &needed)
	if err != nil {
		return serviceStatus{}, err
	}
	return serviceStatus{
		State:                   p.CurrentState,
		PID:                     p.ProcessId,
		Win32ExitCode:           p.Win32ExitCode,
		ServiceSpecificExitCode: p.ServiceSpecificExitCode,
		CheckPoint:              p.CheckPoint,
		WaitHint:                time.Duration(p.WaitHint) * time.Millisecond,
	}, nil
}

// query grows a buffer until call fits into it.
func query(call func(buf *byte, size uint32, needed *uint32) error) ([]byte, error) {
	n := uint32(1024)
	for {
		b := make([]byte, n)
		err := call(&b[0], n, &n)
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, windows.ERROR_INSUFFICIENT_BUFFER) || n <= uint32(len(b)) {
			return nil, err
		}
	}
}

func (winSCM) QueryConfig(s scHandle) (serviceConfig, error) {
	b, err := query(func(buf *byte, size uint32, needed *uint32) error {
		return windows.QueryServiceConfig(windows.Handle(s), (*windows.QUERY_SERVICE_CONFIG)(unsafe.Pointer(buf)), size, needed)
	})
	if err != nil {
		return serviceConfig{}, err
	}
	p := (*windows.QUERY_SERVICE_CONFIG)(unsafe.Pointer(&b[0]))
	return serviceConfig{
		DisplayName:  windows.UTF16PtrToString(p.DisplayName),
		BinaryPath:   windows.UTF16PtrToString(p.BinaryPathName),
		StartType:    p.StartType,
		Account:      windows.UTF16PtrToString(p.ServiceStartName),
		Dependencies: fromMultiSZ(p.Dependencies),
	}, nil
}

func (winSCM) QueryConfig2(s scHandle, level uint32) (serviceConfig2, error) {
	b, err := query(func(buf *byte, size uint32, needed *uint32) error {
		return windows.QueryServiceConfig2(windows.Handle(s), level, buf, size, needed)
	})
	if err != nil {
		return serviceConfig2{}, err
	}
	p := unsafe.Pointer(&b[0])
	var c serviceConfig2
	switch level {
	case levelDescription:
		c.Description = windows.UTF16PtrToString((*windows.SERVICE_DESCRIPTION)(p).Description)
	case levelFailureActions:
		fa := (*windows.SERVICE_FAILURE_ACTIONS)(p)
		c.Recovery.ResetPeriod = time.Duration(fa.ResetPeriod) * time.Second
		if fa.ActionsCount > 0 && fa.Actions != nil {
			for _, a := range unsafe.Slice(fa.Actions, fa.ActionsCount) {
				c.Recovery.Actions = append(c.Recovery.Actions, scAction{Type: a.Type, Delay: time.Duration(a.Delay) * time.Millisecond})
			}
		}
	case levelDelayedAutoStart:
		c.DelayedAutoStart = (*windows.SERVICE_DELAYED_AUTO_START_INFO)(p).IsDelayedAutoStartUp != 0
	case levelFailureActionsFlag:
		c.FailureOnNonCrash = (*windows.SERVICE_FAILURE_ACTIONS_FLAG)(p).FailureActionsOnNonCrashFailures != 0
	case levelSIDType:
		c.SIDType = (*serviceSIDInfo)(p).ServiceSidType
	case levelPreshutdown:
		c.Preshutdown = time.Duration((*servicePreshutdownInfo)(p).PreshutdownTimeout) * time.Millisecond
	default:
		return serviceConfig2{}, windows.ERROR_INVALID_LEVEL
	}
	return c, nil
}

func (winSCM) Start(s scHandle) error { return windows.StartService(windows.Handle(s), 0, nil) }

func (winSCM) Control(s scHandle, control uint32) (serviceStatus, error) {
	var st windows.SERVICE_STATUS
	err := windows.ControlService(windows.Handle(s), control, &st)
	return serviceStatus{
		State:                   st.CurrentState,
		Win32ExitCode:           st.Win32ExitCode,
		ServiceSpecificExitCode: st.ServiceSpecificExitCode,
		CheckPoint:              st.CheckPoint,
		WaitHint:                time.Duration(st.WaitHint) * time.Millisecond,
	}, err
}

func (winSCM) Delete(s scHandle) error { return windows.DeleteService(windows.Handle(s)) }

func (winSCM) ChangeConfig(s scHandle, c serviceConfig) error {
	bin, err := optUTF16(c.BinaryPath)
	if err != nil {
		return err
	}
	display, err := optUTF16(c.DisplayName)
	if err != nil {
		return err
	}
	account, err := optUTF16(c.Account)
	if err != nil {
		return err
	}
	start := c.StartType
	if start == 0 {
		start = windows.SERVICE_NO_CHANGE
	}
	return windows.ChangeServiceConfig(windows.Handle(s), windows.SERVICE_NO_CHANGE, start, windows.SERVICE_NO_CHANGE,
		bin, nil, nil, multiSZ(c.Dependencies), account, nil, display)
}

func (winSCM) ChangeConfig2(s scHandle, level uint32, c serviceConfig2) error {
	var info unsafe.Pointer
	switch level {
	case levelDescription:
		d, err := windows.UTF16PtrFromString(c.Description)
		if err != nil {
			return err
		}
		info = unsafe.Pointer(&windows.SERVICE_DESCRIPTION{Description: d})
	case levelFailureActions:
		// A non-nil action array with a zero count deletes all actions; a nil
		// array would leave the old ones in place.
		actions := make([]windows.SC_ACTION, len(c.Recovery.Actions)+1)
		for i, a := range c.Recovery.Actions {
			actions[i] = windows.SC_ACTION{Type: a.Type, Delay: uint32(a.Delay / time.Millisecond)}
		}
		info = unsafe.Pointer(&windows.SERVICE_FAILURE_ACTIONS{
			ResetPeriod:  uint32(c.Recovery.ResetPeriod / time.Second),
			ActionsCount: uint32(len(c.Recovery.Actions)),
			Actions:      &actions[0],
		})
	case levelDelayedAutoStart:
		v := windows.SERVICE_DELAYED_AUTO_START_INFO{}
		if c.DelayedAutoStart {
			v.IsDelayedAutoStartUp = 1
		}
		info = unsafe.Pointer(&v)
	case levelFailureActionsFlag:
		v := windows.SERVICE_FAILURE_ACTIONS_FLAG{}
		if c.FailureOnNonCrash {
			v.FailureActionsOnNonCrashFailures = 1
		}
		info = unsafe.Pointer(&v)
	case levelSIDType:
		info = unsafe.Pointer(&serviceSIDInfo{ServiceSidType: c.SIDType})
	case levelPreshutdown:
		info = unsafe.Pointer(&servicePreshutdownInfo{PreshutdownTimeout: uint32(c.Preshutdown / time.Millisecond)})
	default:
		return windows.ERROR_INVALID_LEVEL
	}
	return windows.ChangeServiceConfig2(windows.Handle(s), level, (*byte)(info))
}

func (winSCM) Close(h scHandle) error { return windows.CloseServiceHandle(windows.Handle(h)) }
