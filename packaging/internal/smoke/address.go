package smoke

import (
	"net"

	"github.com/svcpack/svcpack/internal/listenaddr"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

// addressForm is the shape of the address property's value: how the runner
// writes an address (HOST:PORT, where it dials) as that property's value.
type addressForm struct {
	name  string
	value func(addr string) string
}

// addressForms are the shapes findAddressProperty tries, in order: HOST:PORT
// (LISTEN=127.0.0.1:8080), a port alone (PORT=8080: the program listens on
// it, reached on 127.0.0.1) and an http URL, with and without a final slash.
var addressForms = []addressForm{
	{"HOST:PORT", func(addr string) string { return addr }},
	{"PORT", func(addr string) string { _, port, _ := net.SplitHostPort(addr); return port }},
	{"URL", func(addr string) string { return "http://" + addr + "/" }},
	{"URL", func(addr string) string { return "http://" + addr }},
}

// findAddressProperty is the property that moves the service's address and
// the shape of its value: the first property that reaches a program setting
// and whose pattern admits smoke.address (a HOST:PORT) in one of the
// addressForms. Nil when there is none (the services `svcpack init` writes
// listen on a fixed address): the cases that move the service then keep
// smoke.address.
func findAddressProperty(p *product.Product) (*product.Property, addressForm) {
	for _, form := range addressForms {
		v := form.value(p.Smoke.Address)
		if v == "" {
			continue
		}
		for i := range p.Properties {
			prop := &p.Properties[i]
			if prop.Setting != "" && prop.AppliesTo != product.Uninstall && prop.Matches(v) {
				return prop, form
			}
		}
	}
	return nil, addressForms[0]
}

// dialAddress is where a client reaches a service told to listen on value:
// a port alone, HOST:PORT or a URL, as svcwrap's health check reads it
// (listenaddr.Dial).
func dialAddress(value string) (string, bool) {
	addr, err := listenaddr.Dial(value)
	return addr, err == nil
}
