// Package allowed holds patterns schandle must not report: right closes, and
// ownership transfers.
package allowed

import (
	"errors"
	"fmt"
	"log"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/svc/mgr"
)

// The canonical form: defer the close after the error check.
func deferAfterCheck(name *uint16) error {
	m, err := windows.OpenSCManager(nil, nil, 1)
	if err != nil {
		return err
	}
	defer windows.CloseServiceHandle(m)
	s, err := windows.OpenService(m, name, 0x10)
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	defer windows.CloseServiceHandle(s)
	return windows.StartService(s, 0, nil)
}

// Closed explicitly on every path.
func explicitEveryPath(m windows.Handle, name *uint16) error {
	s, err := windows.OpenService(m, name, 0x10)
	if err != nil {
		return err
	}
	if err := windows.StartService(s, 0, nil); err != nil {
		windows.CloseServiceHandle(s)
		return err
	}
	return windows.CloseServiceHandle(s)
}

// Returning the handle hands it to the caller.
func returned(m windows.Handle, name *uint16) (windows.Handle, error) {
	s, err := windows.OpenService(m, name, 4)
	if err != nil {
		return 0, err
	}
	return s, nil
}

type conn struct{ h windows.Handle }

// Stored in a struct field: the struct owns it.
func (c *conn) open() error {
	h, err := windows.OpenSCManager(nil, nil, 1)
	if err != nil {
		return err
	}
	c.h = h
	return nil
}

// Wrapped in a mgr.Service with least access, which the caller closes.
func wrapped(m *mgr.Mgr, name string) (*mgr.Service, error) {
	n, _ := windows.UTF16PtrFromString(name)
	h, err := windows.OpenService(m.Handle, n, 4)
	if err != nil {
		return nil, err
	}
	return &mgr.Service{Name: name, Handle: h}, nil
}

func closeIt(h windows.Handle) { _ = windows.CloseServiceHandle(h) }

// Passed to a function of this package that closes it, called or deferred.
func passedToCloser(m windows.Handle, a, b *uint16) error {
	s, err := windows.OpenService(m, a, 4)
	if err != nil {
		return err
	}
	defer closeIt(s)
	t, err := windows.OpenService(m, b, 4)
	if err != nil {
		return err
	}
	closeIt(t)
	return nil
}

// A deferred closure that closes it (and reports the close error).
func deferredClosure(m windows.Handle, name *uint16) (err error) {
	s, err := windows.OpenService(m, name, 4)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := windows.CloseServiceHandle(s); cerr != nil && err == nil {
			err = cerr
		}
	}()
	return windows.DeleteService(s)
}

// "Does it exist?": err == nil means it does, and that handle is closed.
func existsThenCreate(m windows.Handle, name *uint16) error {
	s, err := windows.OpenService(m, name, 4)
	if err == nil {
		windows.CloseServiceHandle(s)
		return errors.New("exists")
	}
	s, err = windows.CreateService(m, name, nil, 0, 0, 0, 0, nil, nil, nil, nil, nil, nil)
	if err != nil {
		return err
	}
	return windows.CloseServiceHandle(s)
}

// A particular error (errors.Is or ==) means the open failed.
func particularError(m windows.Handle, name *uint16) error {
	s, err := windows.OpenService(m, name, 4)
	if errors.Is(err, windows.ERROR_SERVICE_DOES_NOT_EXIST) {
		return nil
	}
	if err == windows.ERROR_SERVICE_DOES_NOT_EXIST {
		return nil
	}
	if err != nil {
		return err
	}
	return windows.CloseServiceHandle(s)
}

// A zero handle needs no close.
func zeroHandle(m windows.Handle, name *uint16) {
	s, _ := windows.OpenService(m, name, 4)
	if s == 0 {
		return
	}
	windows.CloseServiceHandle(s)
}

// Open and close inside the loop body; a closure per iteration for defer.
func loops(m windows.Handle, names []*uint16) error {
	for _, n := range names {
		s, err := windows.OpenService(m, n, 4)
		if err != nil {
			continue
		}
		windows.DeleteService(s)
		windows.CloseServiceHandle(s)
	}
	for _, n := range names {
		err := func() error {
			s, err := windows.OpenService(m, n, 4)
			if err != nil {
				return err
			}
			defer windows.CloseServiceHandle(s)
			return windows.DeleteService(s)
		}()
		if err != nil {
			return err
		}
	}
	return nil
}

// The process ends: nothing leaks past os.Exit or log.Fatal.
func fatal(m windows.Handle, name *uint16) {
	s, err := windows.OpenService(m, name, 0x10)
	if err != nil {
		log.Fatal(err)
	}
	if err := windows.StartService(s, 0, nil); err != nil {
		log.Fatalf("start: %v", err)
	}
	windows.CloseServiceHandle(s)
}

var pool = map[string]windows.Handle{}

// Kept in a map, a slice or sent on a channel: the holder owns it.
func kept(m windows.Handle, name *uint16, ch chan windows.Handle) []windows.Handle {
	var list []windows.Handle
	a, err := windows.OpenService(m, name, 4)
	if err == nil {
		pool["a"] = a
	}
	b, err := windows.OpenService(m, name, 4)
	if err == nil {
		list = append(list, b)
	}
	c, err := windows.OpenService(m, name, 4)
	if err == nil {
		ch <- c
	}
	return list
}

// mgr, as kardianos/service's Install does it.
func mgrInstall(name, exe string) error {
	m, err := mgr.Connect()
	if err != nil {
		return err
	}
	defer m.Disconnect()
	s, err := m.OpenService(name)
	if err == nil {
		s.Close()
		return fmt.Errorf("service %s already exists", name)
	}
	s, err = m.CreateService(name, exe, mgr.Config{})
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Start()
}

// mgr's handle closed through CloseServiceHandle is closed.
func mgrHandleClosed(m *mgr.Mgr, name string) {
	s, err := m.OpenService(name)
	if err != nil {
		return
	}
	windows.CloseServiceHandle(s.Handle)
}

// A goroutine that closes it owns it.
func goroutine(m windows.Handle, name *uint16) {
	s, err := windows.OpenService(m, name, 4)
	if err != nil {
		return
	}
	go func() {
		windows.DeleteService(s)
		windows.CloseServiceHandle(s)
	}()
}
