package manage

import (
	"bytes"
	"fmt"
	"slices"
	"time"
	"unicode/utf16"
)

// fake is an in-memory scmAPI and hostAPI. It counts handle opens and closes,
// records every call with the access it asked for, and fails the call at
// step failAt (1-based, counting every scmAPI and hostAPI call) with failErr, and
// the one at failAt2 with failErr2.
type fake struct {
	failAt    int
	failErr   error
	step      int
	failedOp  string // the op that got the injected error, "" if none did
	failAt2   int    // a second failure, e.g. a cleanup after the first
	failErr2  error
	failedOp2 string

	next           scHandle
	live           map[scHandle]string // open handle → "" (manager) or service name
	opened, closed int
	misuse         []string // calls on handles that are not open, double closes
	calls          []call

	services     map[string]*fakeService
	unsupported  map[uint32]bool // serviceConfig2 levels that fail with ERROR_INVALID_LEVEL (Wine)
	pendingPolls int             // status queries a START/STOP_PENDING lasts
	stuck        bool            // pending states never end
	stall        bool            // ... and the checkpoint does not rise either
	startExit    *serviceStatus  // if set, Start ends in STOPPED with these codes

	eventSources map[string]bool
	dataDirs     map[string]string // service name → account the ACL was made for
	dataRoot     string            // what DataRoot reports
	removed      []string          // directories RemoveTree was given
	clock        time.Time
	exe          string                         // what Executable reports
	registry     map[string]*installerKeyValues // HKLM key → its values
	controlErr   error                          // if set, Control fails with it (a dead process: a closed pipe)
	diesOnStop   *serviceStatus                 // with controlErr: the state the SCM reports after noticing
	logonRight   map[string]bool                // accounts the policy gives SeServiceLogonRight
}

type call struct {
	op     string
	access uint32
	level  uint32
}

type fakeService struct {
	cfg     serviceConfig
	c2      map[uint32]serviceConfig2
	st      serviceStatus
	pending int
}

func newFake() *fake {
	f := &fake{live: map[scHandle]string{}, next: 100, pendingPolls: 2, clock: time.Unix(1e9, 0), dataRoot: `C:\ProgramData`,
		exe: `C:\Program Files\Hello Svc\hellosvc.exe`}
	f.reset()
	return f
}

// reset forgets the machine's state but keeps the handle counters.
func (f *fake) reset() {
	f.services = map[string]*fakeService{}
	f.eventSources = map[string]bool{}
	f.dataDirs = map[string]string{}
	f.registry = map[string]*installerKeyValues{}
	f.calls = nil
}

func (f *fake) env(out *bytes.Buffer) env {
	return env{scm: f, host: f, out: out, now: func() time.Time { return f.clock }, sleep: func(d time.Duration) { f.clock = f.clock.Add(d) }}
}

var mutating = map[string]bool{
	"CreateService": true, "Start": true, "Control": true, "Delete": true, "ChangeConfig": true,
	"ChangeConfig2": true, "InstallEventSource": true, "RemoveEventSource": true, "EnsureDataDir": true,
	"RemoveTree": true, "DeleteGiven": true, "EnsureServiceLogonRight": true,
}

func (f *fake) mutated() []string {
	var ops []string
	for _, c := range f.calls {
		if mutating[c.op] {
			ops = append(ops, c.op)
		}
	}
	return ops
}

func (f *fake) do(c call) error {
	f.calls = append(f.calls, c)
	f.step++
	if f.step == f.failAt {
		f.failedOp = c.op
		return f.failErr
	}
	if f.step == f.failAt2 {
		f.failedOp2 = c.op
		return f.failErr2
	}
	return nil
}

func (f *fake) open(name string) scHandle {
	f.next++
	f.live[f.next] = name
	f.opened++
	return f.next
}

func (f *fake) service(op string, h scHandle) *fakeService {
	name, ok := f.live[h]
	if !ok || name == "" {
		f.misuse = append(f.misuse, fmt.Sprintf("%s on handle %d that is not an open service", op, h))
		return &fakeService{c2: map[uint32]serviceConfig2{}}
	}
	s := f.services[name]
	if s == nil { // deleted while open: the real SCM keeps it until the last close
		return &fakeService{c2: map[uint32]serviceConfig2{}}
	}
	return s
}

func (f *fake) OpenManager(access uint32) (scHandle, error) {
	if err := f.do(call{op: "OpenManager", access: access}); err != nil {
		return 0, err
	}
	return f.open(""), nil
}

func (f *fake) OpenService(m scHandle, name string, access uint32) (scHandle, error) {
	if n, ok := f.live[m]; !ok || n != "" {
		f.misuse = append(f.misuse, "OpenService without an open manager")
	}
	if err := f.do(call{op: "OpenService", access: access}); err != nil {
		return 0, err
	}
	if f.services[name] == nil {
		return 0, errServiceDoesNotExist
	}
	return f.open(name), nil
}

func (f *fake) CreateService(m scHandle, name string, c serviceConfig, access uint32) (scHandle, error) {
	if n, ok := f.live[m]; !ok || n != "" {
		f.misuse = append(f.misuse, "CreateService without an open manager")
	}
	if err := f.do(call{op: "CreateService", access: access}); err != nil {
		return 0, err
	}
	if f.services[name] != nil {
		return 0, errServiceExists
	}
	f.services[name] = &fakeService{cfg: c, c2: map[uint32]serviceConfig2{}, st: serviceStatus{State: stateStopped}}
	return f.open(name), nil
}

func (f *fake) QueryStatus(h scHandle) (serviceStatus, error) {
	s := f.service("QueryStatus", h)
	if err := f.do(call{op: "QueryStatus"}); err != nil {
		return serviceStatus{}, err
	}
	if s.st.State == stateStartPending || s.st.State == stateStopPending {
		if !f.stall {
			s.st.CheckPoint++
		}
		if !f.stuck {
			s.pending--
		}
		if s.pending <= 0 {
			if s.st.State == stateStopPending {
				s.st = serviceStatus{State: stateStopped}
			} else if f.startExit != nil {
				s.st = *f.startExit
			} else {
				s.st = serviceStatus{State: stateRunning, PID: 4242}
			}
		}
	}
	return s.st, nil
}

func (f *fake) QueryConfig(h scHandle) (serviceConfig, error) {
	s := f.service("QueryConfig", h)
	if err := f.do(call{op: "QueryConfig"}); err != nil {
		return serviceConfig{}, err
	}
	return s.cfg, nil
}

func (f *fake) QueryConfig2(h scHandle, level uint32) (serviceConfig2, error) {
	s := f.service("QueryConfig2", h)
	if err := f.do(call{op: "QueryConfig2", level: level}); err != nil {
		return serviceConfig2{}, err
	}
	if f.unsupported[level] {
		return serviceConfig2{}, errInvalidLevel
	}
	return s.c2[level], nil
}

func (f *fake) Start(h scHandle) error {
	s := f.service("Start", h)
	if err := f.do(call{op: "Start"}); err != nil {
		return err
	}
	if s.st.State != stateStopped {
		return errServiceAlreadyRuning
	}
	s.st = serviceStatus{State: stateStartPending, WaitHint: 2 * time.Second}
	s.pending = f.pendingPolls
	return nil
}

func (f *fake) Control(h scHandle, control uint32) (serviceStatus, error) {
	s := f.service("Control", h)
	if err := f.do(call{op: "Control"}); err != nil {
		return serviceStatus{}, err
	}
	if s.st.State == stateStopped {
		return s.st, errServiceNotActive
	}
	if f.controlErr != nil {
		if f.diesOnStop != nil {
			s.st = *f.diesOnStop
		}
		return serviceStatus{}, f.controlErr
	}
	if s.st.State == stateStartPending || s.st.State == stateStopPending {
		return s.st, errServiceCannotAcceptCtrl // what Windows answers
	}
	s.st = serviceStatus{State: stateStopPending, WaitHint: 2 * time.Second}
	s.pending = f.pendingPolls
	return s.st, nil
}

func (f *fake) Delete(h scHandle) error {
	f.service("Delete", h)
	if err := f.do(call{op: "Delete"}); err != nil {
		return err
	}
	delete(f.services, f.live[h])
	return nil
}

func (f *fake) ChangeConfig(h scHandle, c serviceConfig) error {
	s := f.service("ChangeConfig", h)
	if err := f.do(call{op: "ChangeConfig"}); err != nil {
		return err
	}
	if c.BinaryPath != "" {
		s.cfg.BinaryPath = c.BinaryPath
	}
	if c.DisplayName != "" {
		s.cfg.DisplayName = c.DisplayName
	}
	if c.StartType != 0 {
		s.cfg.StartType = c.StartType
	}
	return nil
}

func (f *fake) ChangeConfig2(h scHandle, level uint32, c serviceConfig2) error {
	s := f.service("ChangeConfig2", h)
	if err := f.do(call{op: "ChangeConfig2", level: level}); err != nil {
		return err
	}
	if f.unsupported[level] {
		return errInvalidLevel
	}
	s.c2[level] = c
	return nil
}

// Close counts the handle as closed even when it reports an error: the
// point is that every opened handle gets exactly one Close.
func (f *fake) Close(h scHandle) error {
	if _, ok := f.live[h]; !ok {
		f.misuse = append(f.misuse, fmt.Sprintf("Close of handle %d that is not open", h))
	} else {
		delete(f.live, h)
		f.closed++
	}
	return f.do(call{op: "Close"})
}

func (f *fake) Executable() (string, error) { return f.exe, nil }

func (f *fake) ReadInstallerKey(key string) (installerKeyValues, error) {
	if err := f.do(call{op: "ReadInstallerKey"}); err != nil {
		return installerKeyValues{}, err
	}
	k := f.registry[key]
	if k == nil {
		return installerKeyValues{}, errFileNotFound
	}
	return *k, nil
}

func (f *fake) DeleteGiven(key string, names []string) error {
	if err := f.do(call{op: "DeleteGiven"}); err != nil {
		return err
	}
	if k := f.registry[key]; k != nil {
		k.Given = slices.DeleteFunc(k.Given, func(v regValue) bool { return slices.Contains(names, v.Name) })
	}
	return nil
}

// regSZ returns name = s as the registry stores a REG_SZ: UTF-16LE with a NUL.
func sz(name, s string) regValue {
	var b []byte
	for _, u := range utf16.Encode([]rune(s + "\x00")) {
		b = append(b, byte(u), byte(u>>8))
	}
	return regValue{Name: name, Type: regSZ, Data: b, Size: len(b)}
}

func (f *fake) InstallEventSource(name string) error {
	if err := f.do(call{op: "InstallEventSource"}); err != nil {
		return err
	}
	f.eventSources[name] = true
	return nil
}

func (f *fake) RemoveEventSource(name string) error {
	if err := f.do(call{op: "RemoveEventSource"}); err != nil {
		return err
	}
	delete(f.eventSources, name)
	return nil
}

func (f *fake) EnsureDataDir(name, account string) (string, error) {
	if err := f.do(call{op: "EnsureDataDir"}); err != nil {
		return "", err
	}
	f.dataDirs[name] = account
	return f.dataRoot + `\` + name, nil
}

func (f *fake) DataRoot() (string, error) {
	if err := f.do(call{op: "DataRoot"}); err != nil {
		return "", err
	}
	return f.dataRoot, nil
}

func (f *fake) RemoveTree(dir string) (bool, error) {
	if err := f.do(call{op: "RemoveTree"}); err != nil {
		return false, err
	}
	f.removed = append(f.removed, dir)
	for name := range f.dataDirs {
		if dir == f.dataRoot+`\`+name {
			delete(f.dataDirs, name)
			return true, nil
		}
	}
	return false, nil
}
