package wrap

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// winProcess is the program in a job object of its own: the job holds every
// process the program starts, and ends them all when its last handle closes
// (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE), so not even a crash of the wrapper
// leaves one behind.
type winProcess struct {
	pid     uint32
	program string
	thread  windows.Handle // the first thread, suspended until Resume
	group   uint32         // the console process group its console events go to: pid, or 0 (the whole console) when it shares the wrapper's
	process windows.Handle
	job     windows.Handle
	done    chan struct{}
	code    uint32
	copies  sync.WaitGroup // the output copies; they end when every writer has exited
	readers []*os.File
	close   sync.Once
	release sync.Once
	err     error
}

var (
	kernel32                  = windows.NewLazySystemDLL("kernel32.dll")
	procAllocConsole          = kernel32.NewProc("AllocConsole")
	procGetConsoleWindow      = kernel32.NewProc("GetConsoleWindow")
	procSetConsoleCtrlHandler = kernel32.NewProc("SetConsoleCtrlHandler")
	ignoreConsoleEvents       = windows.NewCallback(func(uint32) uintptr { return 1 })
	consoleOnce               sync.Once
	consoleErr                error
	ownConsole                bool // the wrapper allocated its console: no other process of the user's is on it
)

// ensureConsole gives the wrapper a console when it has none (a service has
// none): GenerateConsoleCtrlEvent reaches only processes that share the
// caller's console, so the program must inherit one the wrapper is attached to.
func ensureConsole() error {
	consoleOnce.Do(func() {
		if w, _, _ := procGetConsoleWindow.Call(); w != 0 {
			return
		}
		r, _, err := procAllocConsole.Call()
		switch {
		case r != 0:
			ownConsole = true
			// The console is the wrapper's own, made only to signal the
			// program: none of its events (a logoff reaches services' consoles)
			// may end the wrapper through the default handler, which Go's
			// handler falls back to when nothing listens. Stops come from the SCM.
			if r, _, err := procSetConsoleCtrlHandler.Call(ignoreConsoleEvents, 1); r == 0 {
				consoleErr = fmt.Errorf("ignore the wrapper's own console events: %w", err)
			}
		case !errors.Is(err, windows.ERROR_ACCESS_DENIED): // that one: a console is attached already
			consoleErr = fmt.Errorf("allocate a console for the program's Ctrl+Break: %w", err)
		}
	})
	return consoleErr
}

// StartProcess starts c.Program suspended in a new console process group and
// a new job object, assigns it to the job, and only then lets it run, so no
// descendant can start outside the job. With a ctrl_c stop step and a
// console of the wrapper's own, the program shares the wrapper's group
// instead: Ctrl+C is disabled in a new group and cannot be sent to one alone.
func StartProcess(c Config, out *LineSink) (Process, error) {
	p, err := holdProcess(c, out)
	if err != nil {
		return nil, err
	}
	return p.Resume()
}

// holdProcess is StartProcess up to the resume: the program's process
// exists, in its job, with its pipes read, but none of its code has run.
func holdProcess(c Config, out *LineSink) (heldProcess, error) {
	if err := ensureConsole(); err != nil {
		return nil, err
	}
	share := c.Stop.SendsCtrlC() && ownConsole
	if share {
		// The program inherits this process's Ctrl+C setting: enable it (the
		// wrapper's own handler ignores every event on its console).
		if r, _, err := procSetConsoleCtrlHandler.Call(0, 0); r == 0 {
			return nil, fmt.Errorf("enable Ctrl+C for the program: %w", err)
		}
	}
	return holdTagged(c, Command{Program: c.Program, Args: c.Args}, c.Limits, out, "", !share)
}

// StartConsole allocates the wrapper's console (see ensureConsole) in the
// background, so that the start of the program finds it made: under the SCM
// the allocation then overlaps the rest of the service's start. An error is
// StartProcess's to report.
func StartConsole() {
	go func() { _ = ensureConsole() }()
}

// StartCommand starts cmd (a hook, a stop command) like the program, in a
// job of its own without the program's limits, in a console process group of
// its own, its streams tagged "<tag>.stdout" and "<tag>.stderr".
func StartCommand(c Config, cmd Command, out *LineSink, tag string) (Process, error) {
	if err := ensureConsole(); err != nil {
		return nil, err
	}
	p, err := holdTagged(c, cmd, Limits{}, out, tag+".", true)
	if err != nil {
		return nil, err
	}
	return p.Resume()
}

func holdTagged(c Config, run Command, limits Limits, out *LineSink, prefix string, newGroup bool) (*winProcess, error) {
	env, err := Environ(os.Environ(), c.Env, ReadEnvFile)
	if err != nil {
		return nil, err
	}
	job, err := newJob(limits)
	if err != nil {
		return nil, err
	}
	p := &winProcess{job: job, done: make(chan struct{})}
	if err := p.start(c.Dir, run, env, out, prefix, newGroup); err != nil {
		windows.CloseHandle(job)
		return nil, err
	}
	if newGroup {
		p.group = p.pid
	}
	go p.wait()
	return p, nil
}

func newJob(l Limits) (windows.Handle, error) {
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return 0, fmt.Errorf("create job object: %w", err)
	}
	var info windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION
	info.BasicLimitInformation.LimitFlags = windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
	if l.MemoryBytes > 0 {
		info.BasicLimitInformation.LimitFlags |= windows.JOB_OBJECT_LIMIT_JOB_MEMORY
		info.JobMemoryLimit = uintptr(l.MemoryBytes)
	}
	if _, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
		windows.CloseHandle(job)
		return 0, fmt.Errorf("set job object limits (kill on close, memory %d): %w", l.MemoryBytes, err)
	}
	if l.CPUPercent > 0 {
		rate := cpuRateControl{
			ControlFlags: jobCPURateControlEnable | jobCPURateControlHardCap,
			CPURate:      uint32(l.CPUPercent) * 100, // in 1/100 of a percent
		}
		if _, err := windows.SetInformationJobObject(job, windows.JobObjectCpuRateControlInformation,
			uintptr(unsafe.Pointer(&rate)), uint32(unsafe.Sizeof(rate))); err != nil {
			windows.CloseHandle(job)
			return 0, fmt.Errorf("set job object CPU cap %d%%: %w", l.CPUPercent, err)
		}
	}
	return job, nil
}

// cpuRateControl is JOBOBJECT_CPU_RATE_CONTROL_INFORMATION with CpuRate.
type cpuRateControl struct {
	ControlFlags uint32
	CPURate      uint32
}

const (
	jobCPURateControlEnable  = 0x1
	jobCPURateControlHardCap = 0x4
)

func (p *winProcess) start(workDir string, c Command, env []string, out *LineSink, prefix string, newGroup bool) (err error) {
	inherit := &windows.SecurityAttributes{InheritHandle: 1}
	inherit.Length = uint32(unsafe.Sizeof(*inherit))
	nul, err := windows.CreateFile(windows.StringToUTF16Ptr("NUL"), windows.GENERIC_READ,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, inherit, windows.OPEN_EXISTING, 0, 0)
	if err != nil {
		return fmt.Errorf("open NUL for the program's stdin: %w", err)
	}
	defer windows.CloseHandle(nul)

	var writers []windows.Handle // the program's ends, closed here once it has them
	defer func() {
		for _, w := range writers {
			windows.CloseHandle(w)
		}
		if err != nil {
			for _, r := range p.readers {
				r.Close()
			}
			p.readers = nil
		}
	}()
	for _, name := range []string{"stdout", "stderr"} {
		var r, w windows.Handle
		if err := windows.CreatePipe(&r, &w, inherit, 64<<10); err != nil {
			return fmt.Errorf("create the pipe for the program's %s: %w", name, err)
		}
		writers = append(writers, w)
		p.readers = append(p.readers, os.NewFile(uintptr(r), name))
		// Only the program's end is inherited.
		if err := windows.SetHandleInformation(r, windows.HANDLE_FLAG_INHERIT, 0); err != nil {
			return fmt.Errorf("make the %s pipe's reading end private: %w", name, err)
		}
	}

	// Inherit exactly these three handles, whatever else is inheritable.
	handles := []windows.Handle{nul, writers[0], writers[1]}
	attrs, err := windows.NewProcThreadAttributeList(1)
	if err != nil {
		return fmt.Errorf("start %s: %w", c.Program, err)
	}
	defer attrs.Delete()
	if err := attrs.Update(windows.PROC_THREAD_ATTRIBUTE_HANDLE_LIST, unsafe.Pointer(&handles[0]),
		uintptr(len(handles))*unsafe.Sizeof(handles[0])); err != nil {
		return fmt.Errorf("start %s: restrict inherited handles: %w", c.Program, err)
	}
	si := &windows.StartupInfoEx{ProcThreadAttributeList: attrs.List()}
	si.Cb = uint32(unsafe.Sizeof(*si))
	si.Flags = windows.STARTF_USESTDHANDLES
	si.StdInput, si.StdOutput, si.StdErr = nul, writers[0], writers[1]

	app, err := windows.UTF16PtrFromString(c.Program)
	if err != nil {
		return fmt.Errorf("program %q: %w", c.Program, err)
	}
	cmdline, err := windows.UTF16PtrFromString(CommandLine(c.Program, c.Args))
	if err != nil {
		return fmt.Errorf("command line of %s: %w", c.Program, err)
	}
	dir, err := windows.UTF16PtrFromString(workDir)
	if err != nil {
		return fmt.Errorf("working_dir %q: %w", workDir, err)
	}
	block, err := envBlock(env)
	if err != nil {
		return err
	}
	var pi windows.ProcessInformation
	flags := uint32(windows.CREATE_SUSPENDED | windows.CREATE_UNICODE_ENVIRONMENT | windows.EXTENDED_STARTUPINFO_PRESENT)
	if newGroup {
		flags |= windows.CREATE_NEW_PROCESS_GROUP
	}
	if err := windows.CreateProcess(app, cmdline, nil, nil, true, flags, &block[0], dir, &si.StartupInfo, &pi); err != nil {
		return fmt.Errorf("create process %s (in %s): %w", c.Program, workDir, err)
	}
	if err := windows.AssignProcessToJobObject(p.job, pi.Process); err != nil {
		windows.TerminateProcess(pi.Process, 1)
		windows.CloseHandle(pi.Thread)
		windows.CloseHandle(pi.Process)
		return fmt.Errorf("put %s into its job object: %w", c.Program, err)
	}
	p.pid, p.process, p.thread = pi.ProcessId, pi.Process, pi.Thread
	p.program = c.Program
	for i, name := range []string{prefix + "stdout", prefix + "stderr"} {
		r := p.readers[i]
		p.copies.Add(1)
		go func() {
			defer p.copies.Done()
			_, _ = out.Copy(name, r) // a log write error is the log's to report
		}()
	}
	return nil
}

// Resume lets the held program run. If it cannot, the program's tree is
// ended and released.
func (p *winProcess) Resume() (Process, error) {
	_, err := windows.ResumeThread(p.thread)
	windows.CloseHandle(p.thread)
	p.thread = 0
	if err != nil {
		p.Release()
		return nil, fmt.Errorf("resume %s: %w", p.program, err)
	}
	return p, nil
}

func envBlock(env []string) ([]uint16, error) {
	var b []uint16
	for _, kv := range env {
		u, err := windows.UTF16FromString(kv)
		if err != nil {
			return nil, fmt.Errorf("environment variable %q: %w", kv, err)
		}
		b = append(b, u...) // ends in its NUL
	}
	if len(b) == 0 {
		b = append(b, 0)
	}
	return append(b, 0), nil
}

func (p *winProcess) wait() {
	windows.WaitForSingleObject(p.process, windows.INFINITE)
	windows.GetExitCodeProcess(p.process, &p.code)
	close(p.done)
}

func (p *winProcess) Pid() int              { return int(p.pid) }
func (p *winProcess) Done() <-chan struct{} { return p.done }
func (p *winProcess) ExitCode() uint32      { <-p.done; return p.code }

// Signal sends one console event or WM_CLOSE (closewindows_windows.go).
func (p *winProcess) Signal(m StopMethod) error {
	switch m {
	case StopCtrlBreak:
		if err := windows.GenerateConsoleCtrlEvent(windows.CTRL_BREAK_EVENT, p.group); err != nil {
			return fmt.Errorf("send Ctrl+Break to process group %d: %w", p.group, err)
		}
		return nil
	case StopCtrlC:
		if p.group != 0 {
			return fmt.Errorf("Ctrl+C is not sent to process %d: it has a console process group of its own, where Ctrl+C is disabled "+
				"(a console run shares the user's console, which the wrapper does not signal; in service mode the console is the wrapper's)", p.pid)
		}
		if err := windows.GenerateConsoleCtrlEvent(windows.CTRL_C_EVENT, 0); err != nil {
			return fmt.Errorf("send Ctrl+C to the wrapper's console: %w", err)
		}
		return nil
	case StopCloseWindows:
		return closeWindows(p.job)
	}
	return fmt.Errorf("stop method %s is not a signal", m)
}

func (p *winProcess) Kill() error {
	if err := windows.TerminateJobObject(p.job, 1); err != nil {
		return fmt.Errorf("terminate the job of process %d: %w", p.pid, err)
	}
	return nil
}

// drainGrace bounds the wait for the output after the tree has ended: only a
// process outside the job (one the program handed its pipe to) could hold it
// longer.
const drainGrace = 5 * time.Second

func (p *winProcess) Close() error {
	p.close.Do(func() {
		// Closing the job ends what is left of the tree (kill on close).
		p.err = windows.CloseHandle(p.job)
		<-p.done
		drained := make(chan struct{})
		go func() { p.copies.Wait(); close(drained) }()
		select {
		case <-drained:
		case <-time.After(drainGrace):
			for _, r := range p.readers {
				r.Close()
			}
			<-drained
		}
		for _, r := range p.readers {
			r.Close()
		}
		windows.CloseHandle(p.process)
		if p.thread != 0 { // held, never resumed
			windows.CloseHandle(p.thread)
		}
		if p.err != nil {
			p.err = fmt.Errorf("close the job of process %d: %w", p.pid, p.err)
		}
	})
	return p.err
}

// Release ends a held program that never ran and releases its tree; once:
// the job's handle is not used after it is closed.
func (p *winProcess) Release() {
	p.release.Do(func() {
		p.Kill()
		p.Close()
	})
}
