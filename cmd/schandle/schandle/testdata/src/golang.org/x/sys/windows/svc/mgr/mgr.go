// Package mgr is a stub of golang.org/x/sys/windows/svc/mgr.
package mgr

import "golang.org/x/sys/windows"

type Mgr struct{ Handle windows.Handle }

type Service struct {
	Name   string
	Handle windows.Handle
}

type Config struct{ DisplayName string }

func Connect() (*Mgr, error)                             { return &Mgr{}, nil }
func ConnectRemote(host string) (*Mgr, error)            { return &Mgr{}, nil }
func (m *Mgr) Disconnect() error                         { return nil }
func (m *Mgr) OpenService(name string) (*Service, error) { return &Service{}, nil }
func (m *Mgr) CreateService(name, exepath string, c Config, args ...string) (*Service, error) {
	return &Service{}, nil
}
func (m *Mgr) ListServices() ([]string, error) { return nil, nil }
func (s *Service) Close() error                { return nil }
func (s *Service) Delete() error               { return nil }
func (s *Service) Start(args ...string) error  { return nil }
