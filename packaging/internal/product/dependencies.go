package product

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// service.dependencies: the services Windows starts before this one
// (ServiceInstall's ServiceDependency children, the service's
// DependOnService value).
//
// A name is a service name of the letters, digits and _ . - $ that
// Windows' own and common vendors' services use (Tcpip, LanmanWorkstation,
// MSSQL$SQLEXPRESS): no space, no / or \ (the SCM refuses them), nothing a
// WiX attribute or MSI formatted text reads specially ([ ] { } < > & " and
// the $( of a preprocessor variable, since ( is not in the list).
// Load-order groups (+Group, Windows' notation) are refused: a group is
// satisfied when any one of its members started, or none is installed, so
// it orders nothing a product can rely on; name the service.
var dependencyRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.$-]{0,255}$`)

// MaxDependencies bounds service.dependencies.
const MaxDependencies = 32

const dependencyWant = "a service name: a letter, digit or _, then up to 255 letters, digits or _ . - $ (e.g. Tcpip or MSSQL$SQLEXPRESS); no spaces, / or \\"

func (c *checker) dependencies() {
	deps := c.p.Service.Dependencies
	if n := len(deps); n > MaxDependencies {
		c.bad("service.dependencies", strconv.Itoa(n)+" services", fmt.Sprintf("at most %d services", MaxDependencies))
		return
	}
	seen := map[string]bool{}
	for i, d := range deps {
		path := fmt.Sprintf("service.dependencies[%d]", i)
		switch {
		case strings.HasPrefix(d, "+"):
			c.bad(path, d, "the name of a service, not a load-order group: a group orders nothing a product can rely on (any one member started satisfies it)")
		case !dependencyRE.MatchString(d):
			c.bad(path, d, dependencyWant)
		case strings.EqualFold(d, c.p.Name):
			c.bad(path, d, "another service than the product's own: a service cannot wait for itself")
		case seen[strings.ToLower(d)]:
			c.bad(path, d, "each service once (names compare without case, as Windows compares them)")
		}
		seen[strings.ToLower(d)] = true
	}
}
