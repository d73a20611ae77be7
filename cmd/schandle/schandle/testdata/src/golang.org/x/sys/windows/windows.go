// Package windows is a stub of golang.org/x/sys/windows with the signatures
// the analyzer matches.
package windows

type Handle uintptr

const InvalidHandle = ^Handle(0)

type Errno uintptr

func (e Errno) Error() string { return "errno" }

const ERROR_SERVICE_DOES_NOT_EXIST Errno = 1060

type SERVICE_STATUS struct{ CurrentState uint32 }

func OpenSCManager(machineName *uint16, databaseName *uint16, access uint32) (handle Handle, err error) {
	return 1, nil
}
func OpenService(mgr Handle, serviceName *uint16, access uint32) (handle Handle, err error) {
	return 2, nil
}
func CreateService(mgr Handle, serviceName *uint16, displayName *uint16, access uint32, srvType uint32, startType uint32, errCtl uint32, pathName *uint16, loadOrderGroup *uint16, tagId *uint32, dependencies *uint16, serviceStartName *uint16, password *uint16) (handle Handle, err error) {
	return 3, nil
}
func CloseServiceHandle(handle Handle) (err error)                                 { return nil }
func CloseHandle(handle Handle) (err error)                                        { return nil }
func DeleteService(service Handle) (err error)                                     { return nil }
func StartService(service Handle, numArgs uint32, argVectors **uint16) (err error) { return nil }
func QueryServiceStatus(service Handle, status *SERVICE_STATUS) (err error)        { return nil }
func UTF16PtrFromString(s string) (*uint16, error)                                 { return nil, nil }
