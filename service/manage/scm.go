package manage

import (
	"syscall"
	"time"
)

// scHandle is an SC_HANDLE (manager or service) as the command logic sees it:
// opaque, and closed through scmAPI.Close on every path.
type scHandle uintptr

// scmAPI is every Service Control Manager call the commands make. The command
// logic is pure Go against this interface, so it is tested on Linux with a fake
// that counts opens and closes; scm_windows.go is the only real implementation.
// The schandle directives let cmd/schandle check every path of the command
// logic for a handle left open, as it checks x/sys calls.
type scmAPI interface {
	//schandle:opens
	OpenManager(access uint32) (scHandle, error)
	//schandle:opens
	OpenService(m scHandle, name string, access uint32) (scHandle, error)
	//schandle:opens
	CreateService(m scHandle, name string, c serviceConfig, access uint32) (scHandle, error)
	QueryStatus(s scHandle) (serviceStatus, error)
	QueryConfig(s scHandle) (serviceConfig, error)
	QueryConfig2(s scHandle, level uint32) (serviceConfig2, error)
	Start(s scHandle) error
	Control(s scHandle, control uint32) (serviceStatus, error)
	Delete(s scHandle) error
	// ChangeConfig changes the non-zero fields of c (StartType: noChange keeps it).
	ChangeConfig(s scHandle, c serviceConfig) error
	// ChangeConfig2 writes the part of c that level names.
	ChangeConfig2(s scHandle, level uint32, c serviceConfig2) error
	//schandle:closes
	Close(h scHandle) error
}

// hostAPI is the rest of the machine that install, configure and remove-data touch.
// It is an interface for the same reason as scmAPI: tests run on Linux.
type hostAPI interface {
	Executable() (string, error)
	InstallEventSource(name string) error // "already exists" is not an error
	RemoveEventSource(name string) error
	// EnsureDataDir creates %ProgramData%\<name> and gives it the data-dir ACL
	// (SYSTEM and Administrators full control, account modify, inherited).
	EnsureDataDir(name, account string) (string, error)
	// DataRoot is the ProgramData known folder, the parent of every data dir.
	DataRoot() (string, error)
	// RemoveTree removes dir and everything below it, following no links; a
	// missing dir is not an error (existed is false).
	RemoveTree(dir string) (existed bool, err error)
	// ReadInstallerKey reads HKLM\<key> in the native registry view with
	// KEY_QUERY_VALUE only: the StartType value and the values of the Given
	// and Remembered subkeys (a missing subkey has none). Values longer than
	// maxRegValueBytes are not read (Data nil, Size set). A missing key is
	// errFileNotFound.
	ReadInstallerKey(key string) (installerKeyValues, error)
	// DeleteGiven deletes the named values under HKLM\<key>\Given, opened
	// with KEY_SET_VALUE only; a missing subkey or value is not an error.
	DeleteGiven(key string, names []string) error
	// EnsureServiceLogonRight gives account SeServiceLogonRight in the
	// local security policy unless it holds it (added reports which).
	EnsureServiceLogonRight(account string) (added bool, err error)
}

// serviceConfig is what QueryServiceConfig reports and CreateService and
// ChangeServiceConfig take. For ChangeConfig, empty strings and nil slices
// mean "no change".
type serviceConfig struct {
	DisplayName  string
	BinaryPath   string
	StartType    uint32 // startAuto, …; noChange for ChangeConfig
	Account      string
	Dependencies []string
}

// serviceStatus is SERVICE_STATUS_PROCESS.
type serviceStatus struct {
	State                   uint32
	PID                     uint32
	Win32ExitCode           uint32
	ServiceSpecificExitCode uint32
	CheckPoint              uint32
	WaitHint                time.Duration
}

// serviceConfig2 carries the QueryServiceConfig2/ChangeServiceConfig2 levels this
// package uses; each call reads or writes only the field its level names.
type serviceConfig2 struct {
	Description       string        // levelDescription
	Recovery          scmRecovery   // levelFailureActions
	DelayedAutoStart  bool          // levelDelayedAutoStart
	FailureOnNonCrash bool          // levelFailureActionsFlag
	SIDType           uint32        // levelSIDType
	Preshutdown       time.Duration // levelPreshutdown
}

// scmRecovery is SERVICE_FAILURE_ACTIONS restricted to restart actions.
type scmRecovery struct {
	ResetPeriod time.Duration // ResetInfinite: never
	Actions     []scAction
}

// scAction is one SC_ACTION.
type scAction struct {
	Type  uint32 // actionRestart, …
	Delay time.Duration
}

// Win32 values, spelled out here so the pure logic and the fake share them
// with scm_windows.go (which passes them through unchanged).
const (
	scManagerConnect       = 0x0001
	scManagerCreateService = 0x0002

	serviceQueryConfig  = 0x0001
	serviceChangeConfig = 0x0002
	serviceQueryStatus  = 0x0004
	serviceStart        = 0x0010
	serviceStop         = 0x0020
	accessDelete        = 0x10000

	startAuto     = 2
	startDemand   = 3
	startDisabled = 4
	noChange      = 0xffffffff

	stateStopped         = 1
	stateStartPending    = 2
	stateStopPending     = 3
	stateRunning         = 4
	stateContinuePending = 5
	statePausePending    = 6
	statePaused          = 7

	controlStop = 1

	levelDescription        = 1
	levelFailureActions     = 2
	levelDelayedAutoStart   = 3
	levelFailureActionsFlag = 4
	levelSIDType            = 5
	levelPreshutdown        = 7

	sidTypeUnrestricted = 1
	sidTypeRestricted   = 3

	actionNone    = 0
	actionRestart = 1
	actionReboot  = 2
	actionCommand = 3

	errServiceSpecific = 1066 // Win32ExitCode meaning "see ServiceSpecificExitCode"
)

// ResetInfinite is the reset period meaning "never reset the failure count".
const ResetInfinite = time.Duration(0xffffffff) * time.Second

// Win32 errors the logic tells apart. x/sys/windows returns syscall.Errno, so
// errors.Is works against these on Windows and in the fake alike.
const (
	errFileNotFound         = syscall.Errno(2)
	errAccessDenied         = syscall.Errno(5)
	errNotSupported         = syscall.Errno(50)
	errInvalidLevel         = syscall.Errno(124)
	errServiceAlreadyRuning = syscall.Errno(1056)
	// The service cannot take a control now: it is START_PENDING or
	// STOP_PENDING, or has not accepted the control yet.
	errServiceCannotAcceptCtrl = syscall.Errno(1061)
	errServiceDoesNotExist     = syscall.Errno(1060)
	errServiceNotActive        = syscall.Errno(1062)
	errServiceExists           = syscall.Errno(1073)

	// A control sent to a service whose process has exited without telling
	// the SCM meets the closed control pipe.
	errBrokenPipe       = syscall.Errno(109)
	errNoData           = syscall.Errno(232)
	errPipeNotConnected = syscall.Errno(233)
)
