package smoke

import (
	"net"

	"github.com/svcpack/svcpack/packaging/product"
)

// findAddressProperty is the property that moves the service's address: the
// first one that reaches a program setting and whose pattern admits
// smoke.address (a LISTEN=HOST:PORT). Nil when there is none (the services
// `svcpack init` writes listen on a fixed address): the cases that move the
// service then keep smoke.address.
func findAddressProperty(p *product.Product) *product.Property {
	for i := range p.Properties {
		prop := &p.Properties[i]
		if prop.Setting != "" && prop.AppliesTo != product.Uninstall && prop.Matches(p.Smoke.Address) {
			return prop
		}
	}
	return nil
}

// dialAddress is where a client reaches a service told to listen on value
// (HOST:PORT): a wildcard or empty host is reached on the loopback address.
func dialAddress(value string) (string, bool) {
	host, port, err := net.SplitHostPort(value)
	if err != nil {
		return "", false
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return net.JoinHostPort(host, port), true
}
