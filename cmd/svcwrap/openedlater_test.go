package main

import (
	"bytes"
	"errors"
	"testing"
)

func TestOpenedLaterWritesOnlyOnceSet(t *testing.T) {
	var o openedLater
	if n, err := o.Write([]byte("early\n")); n != 0 || !errors.Is(err, errNotOpen) {
		t.Fatalf("Write before set = %d, %v; want 0, %v", n, err, errNotOpen)
	}
	var log bytes.Buffer
	o.set(&log)
	if n, err := o.Write([]byte("line\n")); n != 5 || err != nil {
		t.Fatalf("Write after set = %d, %v", n, err)
	}
	if log.String() != "line\n" {
		t.Errorf("log holds %q; want only the line written after set", log.String())
	}
}
