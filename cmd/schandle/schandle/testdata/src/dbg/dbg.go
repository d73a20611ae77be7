package dbg

import (
	"fmt"
	"os"

	"golang.org/x/sys/windows/svc/mgr"
)

func install(name string) (err error) {
	m, err := mgr.Connect()
	if err != nil {
		return fmt.Errorf("connect: %v", err)
	}
	service, err := m.OpenService(name)
	if err == nil {
		service.Close()
		return fmt.Errorf("exists")
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	service, err = m.CreateService(name, exe, mgr.Config{})
	if err != nil {
		return err
	}
	defer service.Close()
	return nil
}
