// Package listenaddr reads where a program was told to listen, in the
// shapes settings take: a port alone (8080), HOST:PORT (127.0.0.1:8080,
// :8080, [::]:8080) or an http or https URL (http://127.0.0.1:8080/), and
// says where a client on the same machine connects to reach it. svcwrap's
// health.address_setting (internal/wrap) and the smoke runner's address
// property (packaging/internal/smoke) share it, so both accept the same values.
package listenaddr

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"github.com/svcpack/svcpack/service/clip"
)

// Forms names the shapes Dial accepts, for messages.
const Forms = "a port (8080), HOST:PORT (127.0.0.1:8080, :8080) or an http or https URL (http://127.0.0.1:8080/), with a port of 1 to 65535"

// Dial is the HOST:PORT a client on this machine connects to for a program
// listening on value. A port alone, an empty host and any spelling of
// "every address" (0.0.0.0, ::, [0::0], ::ffff:0.0.0.0) are reached on the
// loopback address of their family; a URL without a port on its scheme's.
func Dial(value string) (string, error) {
	host, port, err := split(value)
	if err != nil {
		return "", err
	}
	if n, perr := strconv.Atoi(port); perr != nil || n < 1 || n > 65535 || strconv.Itoa(n) != port {
		return "", fmt.Errorf("%s is not %s", clip.Quote(value), Forms)
	}
	if host == "" {
		host = "127.0.0.1"
	} else if ip, err := netip.ParseAddr(host); err == nil && ip.Unmap().IsUnspecified() {
		host = "127.0.0.1"
		if ip.Is6() && !ip.Is4In6() {
			host = "::1"
		}
	}
	return net.JoinHostPort(host, port), nil
}

// split takes value apart by its shape: digits only are a port; a value
// with "://" a URL; anything else HOST:PORT.
func split(value string) (host, port string, err error) {
	bad := fmt.Errorf("%s is not %s", clip.Quote(value), Forms)
	switch {
	case value != "" && strings.Trim(value, "0123456789") == "":
		return "", value, nil
	case strings.Contains(value, "://"):
		u, err := url.Parse(value)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
			return "", "", bad
		}
		port := u.Port()
		if port == "" && !strings.HasSuffix(u.Host, ":") {
			port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
		}
		if u.Hostname() == "" {
			return "", "", bad
		}
		return u.Hostname(), port, nil
	default:
		host, port, err := net.SplitHostPort(value)
		if err != nil {
			return "", "", bad
		}
		return host, port, nil
	}
}
