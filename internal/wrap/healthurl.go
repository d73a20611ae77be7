package wrap

import (
	"net/url"
	"strconv"
	"strings"
)

// healthURLWant is what health.http takes.
const healthURLWant = "an absolute http:// or https:// URL with a host and, optionally, a port of 1–65535 " +
	"(default 80 or 443), without user:password@, such as http://127.0.0.1:8080/healthz"

// healthURLOK tells whether s is a URL the health check can GET: the
// scheme, a host to dial and a port that exists. http:// alone, http:x and
// a port of 0 or 65536 would only fail at every start.
func healthURLOK(s string) bool {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Opaque != "" || u.User != nil || u.Hostname() == "" {
		return false
	}
	if port := u.Port(); port != "" {
		n, err := strconv.Atoi(port)
		return err == nil && n >= 1 && n <= 65535 && strconv.Itoa(n) == port
	}
	// url.Parse takes "host:" with an empty port.
	return !strings.HasSuffix(u.Host, ":")
}
