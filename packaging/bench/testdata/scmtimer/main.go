// Command scmtimer is the benchmark's stopwatch inside Windows (Wine here):
// it drives services through the SCM API and prints what it measured as one
// JSON object per line. The same program times every service, so its own
// cost (an SCM call per poll) is identical for each of them.
//
//	scmtimer cycle -n N -idle D NAME...  N rounds; each round starts, idles, samples memory, stops each NAME in turn
//	scmtimer start [-timeout D] NAME     start once (a failure is reported, not fatal)
//	scmtimer stop NAME                   stop once; also prints wall-clock times to line up with the host's
//	scmtimer run [-timeout D] NAME       start once and time it to STOPPED (a service whose program ends by itself)
//	scmtimer spawn -n N [-stdout F -stderr F | -pipes] PROGRAM ARG...
//	                                     run a program N times, timing each run to its exit; its output into
//	                                     files, or into pipes read and discarded
//	scmtimer weigh -idle D PROGRAM ARG…  start a program, sample its working set after D, end it
//
// Durations come from QueryPerformanceCounter and wall-clock times from
// GetSystemTimePreciseAsFileTime: Go's own clock on Windows reads
// KUSER_SHARED_DATA, which Wine refreshes only now and then.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/svc"
	"golang.org/x/sys/windows/svc/mgr"
)

var (
	kernel32                 = windows.NewLazySystemDLL("kernel32.dll")
	procQPC                  = kernel32.NewProc("QueryPerformanceCounter")
	procQPF                  = kernel32.NewProc("QueryPerformanceFrequency")
	procGetProcessMemoryInfo = kernel32.NewProc("K32GetProcessMemoryInfo")
	qpcFreq                  int64
)

func qpc() int64 {
	var c int64
	procQPC.Call(uintptr(unsafe.Pointer(&c)))
	return c
}

// since is the time from the QPC reading t0 to now, in microseconds.
func since(t0 int64) int64 { return (qpc() - t0) * 1_000_000 / qpcFreq }

func wallNanos() int64 {
	var ft windows.Filetime
	windows.GetSystemTimePreciseAsFileTime(&ft)
	return ft.Nanoseconds()
}

// processMemoryCounters is PROCESS_MEMORY_COUNTERS_EX.
type processMemoryCounters struct {
	Cb                         uint32
	PageFaultCount             uint32
	PeakWorkingSetSize         uintptr
	WorkingSetSize             uintptr
	QuotaPeakPagedPoolUsage    uintptr
	QuotaPagedPoolUsage        uintptr
	QuotaPeakNonPagedPoolUsage uintptr
	QuotaNonPagedPoolUsage     uintptr
	PagefileUsage              uintptr
	PeakPagefileUsage          uintptr
	PrivateUsage               uintptr
}

func workingSet(h windows.Handle) (ws, private uint64, err error) {
	var c processMemoryCounters
	c.Cb = uint32(unsafe.Sizeof(c))
	r, _, e := procGetProcessMemoryInfo.Call(uintptr(h), uintptr(unsafe.Pointer(&c)), uintptr(c.Cb))
	if r == 0 {
		return 0, 0, fmt.Errorf("GetProcessMemoryInfo: %w", e)
	}
	return uint64(c.WorkingSetSize), uint64(c.PrivateUsage), nil
}

// waitState polls the service until it reports want, tightly: the poll's
// cost is the measurement's resolution.
func waitState(s *mgr.Service, want svc.State, limit time.Duration) (svc.Status, error) {
	t0 := qpc()
	for {
		st, err := s.Query()
		if err != nil {
			return st, fmt.Errorf("query %s: %w", s.Name, err)
		}
		if st.State == want {
			return st, nil
		}
		if want == svc.Running && st.State == svc.Stopped {
			return st, fmt.Errorf("%s stopped while starting (exit code %d, service exit code %d)", s.Name, st.Win32ExitCode, st.ServiceSpecificExitCode)
		}
		if since(t0) > limit.Microseconds() {
			return st, fmt.Errorf("%s still in state %d after %s", s.Name, st.State, limit)
		}
	}
}

type startResult struct {
	Name      string `json:"name"`
	ConnectUS int64  `json:"connect_us"` // StartService returned: the process runs and reached its dispatcher
	StartUS   int64  `json:"start_us"`   // RUNNING observed
	PID       uint32 `json:"pid"`
	Err       string `json:"err,omitempty"`
}

func start(s *mgr.Service, limit time.Duration) (startResult, error) {
	r := startResult{Name: s.Name}
	t0 := qpc()
	if err := s.Start(); err != nil {
		r.ConnectUS = since(t0)
		return r, fmt.Errorf("start %s: %w", s.Name, err)
	}
	r.ConnectUS = since(t0)
	st, err := waitState(s, svc.Running, limit)
	r.StartUS = since(t0)
	r.PID = st.ProcessId
	return r, err
}

type stopResult struct {
	Name          string `json:"name"`
	ControlUS     int64  `json:"control_us"` // ControlService returned: the service's handler took the request
	StopUS        int64  `json:"stop_us"`    // STOPPED observed
	ControlUnixNS int64  `json:"control_unix_ns"`
	StoppedUnixNS int64  `json:"stopped_unix_ns"`
}

func stop(s *mgr.Service, limit time.Duration) (stopResult, error) {
	r := stopResult{Name: s.Name}
	r.ControlUnixNS = wallNanos()
	t0 := qpc()
	if _, err := s.Control(svc.Stop); err != nil {
		return r, fmt.Errorf("stop %s: %w", s.Name, err)
	}
	r.ControlUS = since(t0)
	_, err := waitState(s, svc.Stopped, limit)
	r.StopUS = since(t0)
	r.StoppedUnixNS = wallNanos()
	return r, err
}

type runResult struct {
	Name   string `json:"name"`
	StopUS int64  `json:"stop_us"` // StartService → STOPPED observed
	Exit   uint32 `json:"exit"`    // the service's Win32 exit code
	Code   uint32 `json:"code"`    // its service-specific exit code
}

// runToStop starts s and times it until it has stopped by itself, then
// waits for its process to exit so that the next run starts from nothing.
func runToStop(s *mgr.Service, limit time.Duration) (runResult, error) {
	r := runResult{Name: s.Name}
	t0 := qpc()
	if err := s.Start(); err != nil {
		return r, fmt.Errorf("start %s: %w", s.Name, err)
	}
	var pid uint32
	for pid == 0 { // the process id, before it can be gone
		st, err := s.Query()
		if err != nil {
			return r, fmt.Errorf("query %s: %w", s.Name, err)
		}
		pid = st.ProcessId
		if st.State == svc.Stopped {
			break
		}
	}
	var h windows.Handle
	if pid != 0 {
		h, _ = windows.OpenProcess(windows.SYNCHRONIZE, false, pid) // 0 when it has exited already
	}
	st, err := waitState(s, svc.Stopped, limit)
	r.StopUS = since(t0)
	r.Exit, r.Code = st.Win32ExitCode, st.ServiceSpecificExitCode
	if h != 0 {
		defer windows.CloseHandle(h)
		if ev, err := windows.WaitForSingleObject(h, 10_000); err != nil || ev != windows.WAIT_OBJECT_0 {
			return r, fmt.Errorf("process %d of %s did not exit after STOPPED: %v", pid, s.Name, err)
		}
	}
	return r, err
}

type cycleResult struct {
	Round   int    `json:"round"`
	Name    string `json:"name"`
	Connect int64  `json:"connect_us"`
	Start   int64  `json:"start_us"`
	Control int64  `json:"control_us"`
	Stop    int64  `json:"stop_us"`
	WS      uint64 `json:"working_set"`
	Private uint64 `json:"private"`
}

// cycle times one start and one stop of s, sampling the working set after
// it has idled, and waits for the process to exit so the next round starts
// from nothing.
func cycle(s *mgr.Service, round int, idle time.Duration) (cycleResult, error) {
	r := cycleResult{Round: round, Name: s.Name}
	st, err := start(s, 30*time.Second)
	r.Connect, r.Start = st.ConnectUS, st.StartUS
	if err != nil {
		return r, err
	}
	h, err := windows.OpenProcess(windows.SYNCHRONIZE|windows.PROCESS_QUERY_INFORMATION|windows.PROCESS_VM_READ, false, st.PID)
	if err != nil {
		return r, fmt.Errorf("open process %d of %s: %w", st.PID, s.Name, err)
	}
	defer windows.CloseHandle(h)
	time.Sleep(idle)
	if r.WS, r.Private, err = workingSet(h); err != nil {
		return r, err
	}
	sp, err := stop(s, 30*time.Second)
	r.Control, r.Stop = sp.ControlUS, sp.StopUS
	if err != nil {
		return r, err
	}
	if ev, err := windows.WaitForSingleObject(h, 10_000); err != nil || ev != windows.WAIT_OBJECT_0 {
		return r, fmt.Errorf("process %d of %s did not exit after STOPPED: %v", st.PID, s.Name, err)
	}
	return r, nil
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "scmtimer:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	procQPF.Call(uintptr(unsafe.Pointer(&qpcFreq)))
	if qpcFreq == 0 {
		return errors.New("QueryPerformanceFrequency returned 0")
	}
	if len(args) == 0 {
		return errors.New("usage: scmtimer cycle|start|stop …")
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	n := fs.Int("n", 15, "rounds")
	idle := fs.Duration("idle", time.Second, "idle time before the memory sample")
	timeout := fs.Duration("timeout", 30*time.Second, "how long to wait for RUNNING (run: for STOPPED)")
	outFile := fs.String("stdout", "", "spawn: the program's stdout goes to this file (truncated)")
	errFile := fs.String("stderr", "", "spawn: the program's stderr goes to this file (truncated)")
	pipes := fs.Bool("pipes", false, "spawn: the program's stdout and stderr go into pipes, read and discarded")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("no service name")
	}
	out := json.NewEncoder(os.Stdout)
	switch args[0] {
	case "spawn":
		for range *n {
			r, err := spawn(fs.Args(), *outFile, *errFile, *pipes)
			if err != nil {
				return err
			}
			out.Encode(r)
		}
		return nil
	case "weigh":
		r, err := weigh(fs.Args(), *idle)
		if err != nil {
			return err
		}
		out.Encode(r)
		return nil
	}
	m, err := mgr.Connect()
	if err != nil {
		return fmt.Errorf("connect to the SCM: %w", err)
	}
	defer m.Disconnect()
	var services []*mgr.Service
	for _, name := range fs.Args() {
		s, err := m.OpenService(name)
		if err != nil {
			return fmt.Errorf("open service %s: %w", name, err)
		}
		defer s.Close()
		services = append(services, s)
	}

	switch args[0] {
	case "cycle":
		for round := 0; round < *n; round++ {
			// Interleaved, so that a drift of the machine's state during the
			// run affects every service alike.
			for _, s := range services {
				r, err := cycle(s, round, *idle)
				if err != nil {
					return err
				}
				out.Encode(r)
			}
		}
	case "start":
		r, err := start(services[0], *timeout)
		if err != nil {
			r.Err = err.Error()
		}
		out.Encode(r)
	case "run":
		r, err := runToStop(services[0], *timeout)
		if err != nil {
			return err
		}
		out.Encode(r)
	case "stop":
		// Wait for the process to exit after STOPPED (not timed), so that a
		// start right after this does not meet the old process.
		st, err := services[0].Query()
		if err != nil {
			return fmt.Errorf("query %s: %w", services[0].Name, err)
		}
		h, err := windows.OpenProcess(windows.SYNCHRONIZE, false, st.ProcessId)
		if err != nil {
			return fmt.Errorf("open process %d of %s: %w", st.ProcessId, services[0].Name, err)
		}
		defer windows.CloseHandle(h)
		r, err := stop(services[0], *timeout)
		if err != nil {
			return err
		}
		if ev, err := windows.WaitForSingleObject(h, 10_000); err != nil || ev != windows.WAIT_OBJECT_0 {
			return fmt.Errorf("process %d of %s did not exit after STOPPED: %v", st.ProcessId, services[0].Name, err)
		}
		out.Encode(r)
	default:
		return fmt.Errorf("unknown command %q", args[0])
	}
	return nil
}
