// Package wrappers: an SCM behind an interface marked with directives, as
// service/manage does it, and wrapper functions the analyzer infers.
package wrappers

import (
	"errors"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/svc/mgr"
)

type Handle uintptr

type SCM interface {
	//schandle:opens
	OpenManager(access uint32) (Handle, error)
	//schandle:opens
	OpenService(m Handle, name string, access uint32) (Handle, error)
	QueryStatus(s Handle) (uint32, error)
	Delete(s Handle) error
	//schandle:closes
	Close(h Handle) error
}

type env struct{ scm SCM }

// closeHandle closes through the interface: callers that defer it close.
func closeHandle(e env, h Handle) { _ = e.scm.Close(h) }

// withService opens both handles, runs fn, and closes both on every path.
func withService(e env, name string, fn func(s Handle) error) error {
	m, err := e.scm.OpenManager(1)
	if err != nil {
		return err
	}
	defer closeHandle(e, m)
	s, err := e.scm.OpenService(m, name, 4)
	if err != nil {
		return err
	}
	defer closeHandle(e, s)
	return fn(s)
}

// A leak through the interface: the manager is not closed when OpenService fails.
func leakThroughInterface(e env, name string) error {
	m, err := e.scm.OpenManager(1) // want `OpenManager handle not closed on the path that returns at wrappers.go:53`
	if err != nil {
		return err
	}
	s, err := e.scm.OpenService(m, name, 4)
	if err != nil {
		return err
	}
	closeHandle(e, s)
	return e.scm.Close(m)
}

// A rollback that deletes and still closes.
func rollback(e env, m Handle, name string) error {
	s, err := e.scm.OpenService(m, name, 0x10000)
	if err != nil {
		return err
	}
	defer closeHandle(e, s)
	if _, err := e.scm.QueryStatus(s); err != nil {
		if derr := e.scm.Delete(s); derr != nil {
			return errors.Join(err, derr)
		}
		return err
	}
	return nil
}

// openManager returns a handle it opened: its callers must close it.
func openManager() (windows.Handle, error) {
	h, err := windows.OpenSCManager(nil, nil, 1)
	if err != nil {
		return 0, err
	}
	return h, nil
}

// A wrapper of a wrapper.
func openManagerAgain() (windows.Handle, error) { return openManager() }

func usesWrapper() error {
	m, err := openManagerAgain() // want `wrappers.openManagerAgain handle not closed on the path that returns at wrappers.go:92`
	if err != nil {
		return err
	}
	return windows.DeleteService(m)
}

func usesWrapperRight() error {
	m, err := openManager()
	if err != nil {
		return err
	}
	return windows.CloseServiceHandle(m)
}

// closeSometimes closes its parameter on only one path: not a closer.
func closeSometimes(h windows.Handle, really bool) {
	if really {
		windows.CloseServiceHandle(h)
	}
}

func passesToSometimes() {
	m, err := openManager() // want `wrappers.openManager handle not closed on the path that returns at wrappers.go:116`
	if err != nil {
		return
	}
	closeSometimes(m, true)
}

// openIfExists reports with a bool whether it opened the service.
func openIfExists(m windows.Handle, name *uint16) (windows.Handle, bool) {
	s, err := windows.OpenService(m, name, 4)
	if err != nil {
		return 0, false
	}
	return s, true
}

func usesBoolWrapper(m windows.Handle, name *uint16) {
	s, ok := openIfExists(m, name)
	if !ok {
		return
	}
	defer windows.CloseServiceHandle(s)
	windows.DeleteService(s)
}

func usesBoolWrapperWrong(m windows.Handle, name *uint16) error {
	s, ok := openIfExists(m, name) // want `wrappers.openIfExists handle not closed on the path that returns at wrappers.go:139`
	if ok {
		return windows.DeleteService(s)
	}
	return nil
}

// lowPrivSvc wraps a least-access handle in a mgr.Service (kardianos/service
// does this): its callers must close the Service.
func lowPrivSvc(m *mgr.Mgr, name *uint16) (*mgr.Service, error) {
	h, err := windows.OpenService(m.Handle, name, 4)
	if err != nil {
		return nil, err
	}
	return &mgr.Service{Handle: h}, nil
}

func usesLowPrivSvc(m *mgr.Mgr, name *uint16) error {
	s, err := lowPrivSvc(m, name) // want `wrappers.lowPrivSvc handle not closed on the path that returns at wrappers.go:160`
	if err != nil {
		return err
	}
	if err := s.Start(); err != nil {
		return err
	}
	return s.Close()
}

// A least-access handle wrapped in place, closed through the Service.
func wrapsInPlace(m *mgr.Mgr, name *uint16) error {
	h, err := windows.OpenService(m.Handle, name, 4)
	if err != nil {
		return err
	}
	s := &mgr.Service{Handle: h}
	defer s.Close()
	return s.Start()
}
