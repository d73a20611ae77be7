package main

import (
	"errors"
	"io"
	"sync"
)

// openedLater is the output log as the program's first start sees it: the
// program is created (suspended) while the log opens, and has written
// nothing by the time the log is set, since it runs only once resumed.
type openedLater struct {
	mu sync.Mutex
	w  io.Writer
}

func (o *openedLater) set(w io.Writer) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.w = w
}

// errNotOpen is a write before set: a program that ran before its resume.
var errNotOpen = errors.New("the output log is not open yet")

func (o *openedLater) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.w == nil {
		return 0, errNotOpen
	}
	return o.w.Write(p)
}
