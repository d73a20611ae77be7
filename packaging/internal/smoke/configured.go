package smoke

import (
	"fmt"
	"regexp"
	"strings"
)

// configureEnded matches the msiexec log line of a ConfigureService action
// that ran and reported success.
var configureEnded = regexp.MustCompile(`(?m)^Action ended [^\n]*: ConfigureService\. Return value 1\.`)

// ConfigureSkipped reports whether an msiexec run under Wine logged
// ConfigureService as a success although `service configure` never ran:
// its log says the action ended with 1 and the run's output (which under
// Wine holds the custom actions' output) lacks the line configure prints
// last, `configured service "name"`. Wine 8.0's msiexec counts a custom
// action whose program it could not start as a success and says so only on
// its err channel ("unable to execute command"), and Wine's CreateProcess
// fails now and then on a loaded machine (docs/platform.md): the install
// then keeps the unquoted ImagePath InstallServices wrote. On Windows the
// custom actions' output does not reach msiexec's, so this is for Wine only.
func ConfigureSkipped(log, output, name string) bool {
	return configureEnded.MatchString(log) && !strings.Contains(output, fmt.Sprintf("configured service %q", name))
}
