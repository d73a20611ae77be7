// Package mistakes holds each mistake schandle reports, once.
package mistakes

import (
	"errors"
	"fmt"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/svc/mgr"
)

// An early return between open and close.
func earlyReturn(name *uint16) error {
	m, err := windows.OpenSCManager(nil, nil, 1) // want `windows.OpenSCManager handle not closed on the path that returns at mistakes.go:20`
	if err != nil {
		return err
	}
	s, err := windows.OpenService(m, name, 4)
	if err != nil {
		return err
	}
	windows.CloseServiceHandle(s)
	return windows.CloseServiceHandle(m)
}

// The error path of a later call leaks the service handle.
func laterCallFails(m windows.Handle, name *uint16) error {
	s, err := windows.OpenService(m, name, 0x10) // want `windows.OpenService handle not closed on the path that returns at mistakes.go:33`
	if err != nil {
		return err
	}
	if err := windows.StartService(s, 0, nil); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	return windows.CloseServiceHandle(s)
}

// Never closed at all; also the implicit return at the closing brace.
func neverClosed(m windows.Handle, name *uint16) {
	s, err := windows.OpenService(m, name, 4) // want `windows.OpenService handle not closed on the path that returns at mistakes.go:48`
	if err != nil {
		return
	}
	var st windows.SERVICE_STATUS
	if windows.QueryServiceStatus(s, &st) != nil {
		fmt.Println("query failed")
	}
}

// defer inside a loop: handles pile up until the function returns.
func deferInLoop(m windows.Handle, names []*uint16) error {
	for _, n := range names {
		s, err := windows.OpenService(m, n, 4)
		if err != nil {
			return err
		}
		defer windows.CloseServiceHandle(s) // want `close deferred inside a loop`
	}
	return nil
}

// The close is deferred before the error is checked: on error it closes garbage.
func deferBeforeCheck() error {
	m, err := windows.OpenSCManager(nil, nil, 1)
	defer windows.CloseServiceHandle(m) // want `close deferred before the error is checked`
	if err != nil {
		return err
	}
	return nil
}

// The wrong close function: CloseHandle is for kernel objects.
func wrongClose(m windows.Handle, name *uint16) error {
	s, err := windows.OpenService(m, name, 4)
	if err != nil {
		return err
	}
	return windows.CloseHandle(s) // want `closed with windows.CloseHandle; use CloseServiceHandle`
}

// Closed twice: explicitly and by the defer.
func closedTwice(m windows.Handle, name *uint16) error {
	s, err := windows.OpenService(m, name, 4)
	if err != nil {
		return err
	}
	defer windows.CloseServiceHandle(s)
	if err := windows.DeleteService(s); err != nil {
		return err
	}
	return windows.CloseServiceHandle(s) // want `closed twice: a close is already deferred on this path`
}

// Closed twice on one branch only.
func closedTwiceOnABranch(m windows.Handle, name *uint16, del bool) {
	s, err := windows.OpenService(m, name, 4)
	if err != nil {
		return
	}
	if del {
		windows.DeleteService(s)
		windows.CloseServiceHandle(s)
	}
	windows.CloseServiceHandle(s) // want `closed twice: it was already closed on this path`
}

// mgr: a handle from Connect never disconnected on the error path of OpenService.
func mgrLeak(name string) error {
	m, err := mgr.Connect() // want `mgr.Connect handle not closed on the path that returns at mistakes.go:115`
	if err != nil {
		return err
	}
	s, err := m.OpenService(name)
	if err != nil {
		return fmt.Errorf("open %s: %w", name, err)
	}
	s.Close()
	return m.Disconnect()
}

// mgr: the service from OpenService is never closed.
func mgrServiceNeverClosed(m *mgr.Mgr, name string) error {
	s, err := m.OpenService(name) // want `\(\*Mgr\).OpenService handle not closed on the path that returns at mistakes.go:127`
	if err != nil {
		return err
	}
	return s.Start()
}

// mgr: CreateService's handle leaks when Start fails.
func mgrCreateLeak(m *mgr.Mgr, name, exe string) error {
	s, err := m.CreateService(name, exe, mgr.Config{}) // want `\(\*Mgr\).CreateService handle not closed on the path that returns at mistakes.go:137`
	if err != nil {
		return err
	}
	if err := s.Start(); err != nil {
		return err
	}
	return s.Close()
}

// mgr: closing the service's handle with CloseHandle.
func mgrWrongClose(m *mgr.Mgr, name string) {
	s, err := m.OpenService(name)
	if err != nil {
		return
	}
	windows.CloseHandle(s.Handle) // want `closed with windows.CloseHandle`
}

// An open in a loop whose handle is closed only after the loop: the next
// iteration overwrites it.
func openInLoop(m windows.Handle, names []*uint16) {
	var s windows.Handle
	for _, n := range names {
		var err error
		s, err = windows.OpenService(m, n, 4) // want `handle not closed before the loop opens the next one`
		if err != nil {
			continue
		}
	}
	windows.CloseServiceHandle(s)
}

// The handle is thrown away.
func discarded(m windows.Handle, name *uint16) error {
	_, err := windows.OpenService(m, name, 4) // want `the handle is not used, so it is never closed`
	return err
}

// A service that "already exists" is closed, but not the one that was created.
func createAfterCheck(m windows.Handle, name *uint16) error {
	s, err := windows.OpenService(m, name, 4)
	if err == nil {
		windows.CloseServiceHandle(s)
		return errors.New("exists")
	}
	s, err = windows.CreateService(m, name, nil, 0, 0, 0, 0, nil, nil, nil, nil, nil, nil) // want `windows.CreateService handle not closed on the path that returns at mistakes.go:182`
	if err != nil {
		return err
	}
	return windows.StartService(s, 0, nil)
}

// Never closed: one report naming every exit.
func neverDisconnected(name string) error {
	m, err := mgr.Connect() // want `mgr.Connect handle not closed on the path that returns at mistakes.go:194 \(and at mistakes.go:196\)`
	if err != nil {
		return err
	}
	s, err := m.OpenService(name)
	if err == nil {
		s.Close()
		return errors.New("exists")
	}
	return nil
}

// A named error result in a function with a defer lives in memory: a later
// call's error stored there is not the open's error (tailscale's install).
func namedResultWithDefer(name, exe string) (err error) {
	m, err := mgr.Connect() // want `mgr.Connect handle not closed on the path that returns at mistakes.go:207 \(and at mistakes.go:211, mistakes.go:214\)`
	if err != nil {
		return err
	}
	if _, err = m.OpenService(name); err == nil { // want `\(\*Mgr\).OpenService: the handle is not used`
		return errors.New("exists")
	}
	s, err := m.CreateService(name, exe, mgr.Config{})
	if err != nil {
		return err
	}
	defer s.Close()
	return nil
}
