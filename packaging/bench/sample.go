package bench

import (
	"context"
	"errors"
	"time"
)

// Sample is what the bench needs of the repository's sample service beyond
// its product file (svcpack.yaml: name, exe, main package, health path): how
// to install it for the bench and how to keep a request in flight. The
// sample's own package provides it and `mage bench` passes it in, so the
// pipeline names no product.
type Sample struct {
	// InstallArgs are the arguments after `<exe> service install --start
	// manual` that make the service listen on addr with its slow endpoint on.
	InstallArgs func(addr string) []string
	// VersionArgs run the exe to its exit after its package inits, for the
	// start profile ("-version").
	VersionArgs []string
	// SlowRequest asks addr for an answer that takes d. It calls started
	// exactly once: with nil when the answer has begun (the request is being
	// served), else with why not; it returns nil only when the whole answer
	// arrived.
	SlowRequest func(ctx context.Context, addr string, d time.Duration, started func(error)) error
	// BareHTTP is the folder (relative to the repository) of the main
	// package, in a module with its go.mod, of the sample's HTTP server written on bare
	// x/sys/windows/svc, the baseline of the product's start figure: run as
	// `<exe> <service name> <listen address>`, it binds the address, reports
	// Running and answers the product's health path until Stop.
	BareHTTP string
}

func (s Sample) check() error {
	if s.InstallArgs == nil || s.VersionArgs == nil || s.SlowRequest == nil || s.BareHTTP == "" {
		return errors.New("bench: Options.Sample is incomplete: the sample's driver must give InstallArgs, VersionArgs, SlowRequest and BareHTTP")
	}
	return nil
}
