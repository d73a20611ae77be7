package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/svcpack/svcpack/internal/testtemp"
)

// freeAddr returns a loopback address nothing listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// writeConfigFile writes content as config.json in a fresh directory.
func writeConfigFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(testtemp.Dir(t), "config.json")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// started is run in the background, the way service.Run drives it.
type started struct {
	cancel context.CancelFunc
	done   chan error
}

// start runs the service and waits until it is ready; it fails the test if
// run returns first.
func start(t *testing.T, configPath string) *started {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	s := &started{cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- run(ctx, configPath, func() { close(ready) }) }()
	t.Cleanup(func() {
		cancel()
		<-s.done
	})
	select {
	case <-ready:
	case err := <-s.done:
		s.done <- err // for the cleanup
		t.Fatalf("run returned before ready: %v", err)
	}
	return s
}

// stop cancels the context and returns what run returned.
func (s *started) stop(t *testing.T) error {
	t.Helper()
	s.cancel()
	select {
	case err := <-s.done:
		s.done <- err // for the cleanup
		return err
	case <-time.After(stopTimeout):
		t.Fatal("run did not return within stopTimeout of the cancel")
		return nil
	}
}
