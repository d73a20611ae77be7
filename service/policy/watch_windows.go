package policy

import (
	"context"
	"errors"
	"fmt"
	"runtime"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// policiesRoot is watched while the product's key does not exist: Group
// Policy creates the key when it first applies one of its policies.
const policiesRoot = `Software\Policies`

// notifyFilter: values added, changed or deleted, and subkeys added or
// deleted (the product's key appearing under policiesRoot).
const notifyFilter = windows.REG_NOTIFY_CHANGE_NAME | windows.REG_NOTIFY_CHANGE_LAST_SET

// watchKey calls changed after each change to HKLM\key (or, while it does
// not exist, under HKLM\Software\Policies) until ctx is done, using
// RegNotifyChangeKeyValue with an event. A registration lasts for one
// notification, so each round opens the key, registers, calls changed and
// only then waits: a change made before the registration (between two
// rounds, or between Group Policy creating the key and writing its values)
// is seen by that call, one made after it signals the event.
func watchKey(ctx context.Context, key string, changed func()) error {
	// An asynchronous registration ends when the thread that made it exits;
	// the loop keeps to one thread so it is never the goroutine's next one.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	stop, err := windows.CreateEvent(nil, 1, 0, nil)
	if err != nil {
		return fmt.Errorf("watch policy: create event: %w", err)
	}
	defer windows.CloseHandle(stop)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
			_ = windows.SetEvent(stop)
		case <-done:
		}
	}()
	for {
		fired, err := waitOnce(key, stop, changed)
		if err != nil {
			return err
		}
		if !fired {
			return ctx.Err()
		}
	}
}

// waitOnce registers for one change, calls changed, and waits for the change
// (true) or for stop (false).
func waitOnce(key string, stop windows.Handle, changed func()) (bool, error) {
	k, subtree, err := openWatched(key)
	if err != nil {
		return false, err
	}
	defer k.Close()
	ev, err := windows.CreateEvent(nil, 0, 0, nil)
	if err != nil {
		return false, fmt.Errorf("watch policy: create event: %w", err)
	}
	defer windows.CloseHandle(ev)
	if err := windows.RegNotifyChangeKeyValue(windows.Handle(k), subtree, notifyFilter, ev, true); err != nil {
		return false, fmt.Errorf("watch policy HKLM\\%s: RegNotifyChangeKeyValue: %w", key, err)
	}
	changed()
	r, err := windows.WaitForMultipleObjects([]windows.Handle{ev, stop}, false, windows.INFINITE)
	if err != nil {
		return false, fmt.Errorf("watch policy HKLM\\%s: wait: %w", key, err)
	}
	return r == windows.WAIT_OBJECT_0, nil
}

// openWatched opens the product's policy key for notification, or
// Software\Policies (with its subtree) while the product's key is missing.
func openWatched(key string) (registry.Key, bool, error) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, key, registry.NOTIFY)
	if err == nil {
		return k, false, nil
	}
	if !errors.Is(err, registry.ErrNotExist) {
		return 0, false, fmt.Errorf("watch policy HKLM\\%s: open: %w", key, err)
	}
	k, err = registry.OpenKey(registry.LOCAL_MACHINE, policiesRoot, registry.NOTIFY)
	if err != nil {
		return 0, false, fmt.Errorf("watch policy HKLM\\%s: open: %w", policiesRoot, err)
	}
	return k, true, nil
}
