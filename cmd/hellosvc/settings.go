package main

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/svcpack/svcpack/service/settings"
)

//go:generate go tool svcpack settings --product ../../svcpack.yaml

// conf is hellosvc's settings (service/settings): svcpack.yaml's
// declarations (svcpack_settings.go) with the defaults and the checks only
// the program knows. config.json is read at start; listen's policy needs a
// restart, which the service logs (rebinding live would drop the
// listener's in-flight connections behind the admin's back).
var conf = settings.New(declared,
	settings.Default("listen", "127.0.0.1:8080"),
	settings.Check("listen", `e.g. "127.0.0.1:8080"`, checkListen),
	settings.BoolDefault("demo_delay_endpoint", false), // serve GET /delay?d=2s, to show a graceful drain
)

// maxHost bounds the host of listen: a DNS name has at most 253 characters,
// an IPv6 literal with a zone far fewer. A longer host would only come back
// whole in net.Listen's error.
const maxHost = 253

// checkListen says what LISTEN's pattern cannot: it refuses, in words, what
// net.Listen would not bind.
func checkListen(s string) error {
	host, port, err := net.SplitHostPort(s)
	if err != nil || strings.ContainsAny(host, " \t") {
		return errors.New("is not host:port")
	}
	if len(host) > maxHost {
		return fmt.Errorf("has a host longer than %d characters", maxHost)
	}
	// Port 0 would bind a random port nobody can find; a service name
	// ("http") reads as a mistake in a config file.
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return errors.New("has no port between 1 and 65535")
	}
	return nil
}
