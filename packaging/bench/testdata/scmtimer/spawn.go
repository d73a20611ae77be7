package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"golang.org/x/sys/windows"
)

type spawnResult struct {
	Cmd  string `json:"cmd"`
	Exit int    `json:"exit"`
	US   int64  `json:"us"`
	WS   uint64 `json:"working_set,omitempty"`
}

// spawn times one run of a program to its exit, from inside Windows: the
// cost of process creation, the Go runtime and whatever the program does
// before it exits. Comparing programs that exit at different points of
// their start-up is the profile of a service's start. With outFile or
// errFile, the program's stdout or stderr is that file's handle itself (no
// pipe in between), as when a program writes its own log. With pipes, its
// stdout and stderr are pipes made as svcwrap makes them (64 KiB), read in
// 32 KiB pieces as svcwrap reads them, and discarded: the pipe alone.
func spawn(args []string, outFile, errFile string, pipes bool) (spawnResult, error) {
	r := spawnResult{Cmd: fmt.Sprint(args)}
	cmd := exec.Command(args[0], args[1:]...)
	if pipes {
		return spawnPiped(cmd, r)
	}
	for _, o := range []struct {
		path string
		to   *io.Writer
	}{{outFile, &cmd.Stdout}, {errFile, &cmd.Stderr}} {
		if o.path == "" {
			continue
		}
		f, err := os.Create(o.path)
		if err != nil {
			return r, err
		}
		defer f.Close()
		*o.to = f
	}
	t0 := qpc()
	err := cmd.Run()
	r.US = since(t0)
	if ee, ok := err.(*exec.ExitError); ok {
		r.Exit = ee.ExitCode()
	} else if err != nil {
		return r, err
	}
	return r, nil
}

// weigh starts a program that stays alive, samples its working set after
// idle, and ends it.
func weigh(args []string, idle time.Duration) (spawnResult, error) {
	r := spawnResult{Cmd: fmt.Sprint(args)}
	cmd := exec.Command(args[0], args[1:]...)
	if err := cmd.Start(); err != nil {
		return r, err
	}
	defer cmd.Wait()
	defer cmd.Process.Kill()
	time.Sleep(idle)
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_INFORMATION|windows.PROCESS_VM_READ, false, uint32(cmd.Process.Pid))
	if err != nil {
		return r, fmt.Errorf("open process %d: %w", cmd.Process.Pid, err)
	}
	defer windows.CloseHandle(h)
	r.WS, _, err = workingSet(h)
	return r, err
}

func spawnPiped(cmd *exec.Cmd, r spawnResult) (spawnResult, error) {
	var readers []*os.File
	var writers []*os.File
	defer func() {
		for _, f := range append(readers, writers...) {
			f.Close()
		}
	}()
	for range 2 {
		var rh, wh windows.Handle
		if err := windows.CreatePipe(&rh, &wh, nil, 64<<10); err != nil {
			return r, fmt.Errorf("create pipe: %w", err)
		}
		readers, writers = append(readers, os.NewFile(uintptr(rh), "pipe")), append(writers, os.NewFile(uintptr(wh), "pipe"))
	}
	cmd.Stdout, cmd.Stderr = writers[0], writers[1]
	t0 := qpc()
	if err := cmd.Start(); err != nil {
		return r, err
	}
	for _, w := range writers {
		w.Close() // the program holds the writing ends now
	}
	writers = nil
	var wg sync.WaitGroup
	for _, rd := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 32<<10)
			for {
				if _, err := rd.Read(buf); err != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	err := cmd.Wait()
	r.US = since(t0)
	if ee, ok := err.(*exec.ExitError); ok {
		r.Exit = ee.ExitCode()
	} else if err != nil {
		return r, err
	}
	return r, nil
}
