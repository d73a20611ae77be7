package wrap

import (
	"errors"
	"fmt"
	"sync"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32           = windows.NewLazySystemDLL("user32.dll")
	procPostMessageW = user32.NewProc("PostMessageW")
	// One callback for every search: a callback made by NewCallback is never
	// freed, so one per stop would leak.
	enumTopLevel = windows.NewCallback(func(hwnd windows.HWND, _ uintptr) uintptr {
		var pid uint32
		if _, err := windows.GetWindowThreadProcessId(hwnd, &pid); err == nil && search.pids[pid] {
			search.found = append(search.found, hwnd)
		}
		return 1 // go on
	})
	searchMu sync.Mutex
	search   struct {
		pids  map[uint32]bool
		found []windows.HWND
	}
)

const wmClose = 0x0010

// closeWindows posts WM_CLOSE to every top-level window of the processes in
// job, the way a user closes a program's window; a program without one is
// an error, so the stop goes on to its next step at once.
func closeWindows(job windows.Handle) error {
	pids, err := jobPids(job)
	if err != nil {
		return err
	}
	searchMu.Lock()
	search.pids, search.found = map[uint32]bool{}, nil
	for _, pid := range pids {
		search.pids[pid] = true
	}
	// EnumWindows sees the windows of the desktop the wrapper runs on, which
	// the program inherited.
	err = windows.EnumWindows(enumTopLevel, nil)
	found := search.found
	searchMu.Unlock()
	if err != nil {
		return fmt.Errorf("list the top-level windows: %w", err)
	}
	if len(found) == 0 {
		return fmt.Errorf("WM_CLOSE: none of the %d processes of the program's tree has a top-level window", len(pids))
	}
	var errs []error
	for _, w := range found {
		if r, _, err := procPostMessageW.Call(uintptr(w), wmClose, 0, 0); r == 0 {
			errs = append(errs, fmt.Errorf("post WM_CLOSE to window %#x: %w", w, err))
		}
	}
	if len(errs) == len(found) {
		return errors.Join(errs...)
	}
	return nil
}

// jobPids lists the processes in job.
func jobPids(job windows.Handle) ([]uint32, error) {
	const maxPids = 1024 // more than a program's tree holds; the rest would be cut
	var list struct {
		Assigned, Listed uint32
		Pids             [maxPids]uintptr
	}
	if err := windows.QueryInformationJobObject(job, windows.JobObjectBasicProcessIdList,
		uintptr(unsafe.Pointer(&list)), uint32(unsafe.Sizeof(list)), nil); err != nil && !errors.Is(err, windows.ERROR_MORE_DATA) {
		return nil, fmt.Errorf("list the processes of the program's job: %w", err)
	}
	out := make([]uint32, 0, list.Listed)
	for _, p := range list.Pids[:min(list.Listed, maxPids)] {
		out = append(out, uint32(p))
	}
	return out, nil
}
