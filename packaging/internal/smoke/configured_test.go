package smoke

import "testing"

// An upgrade's log and output under Wine, cut to what ConfigureSkipped
// reads (measured with the wrapped quick-start product, December 2026).
const (
	configureRanLog = "Action start 9:06:45: ConfigureService.\nAction ended 9:06:45: ConfigureService. Return value 1.\n"
	configureRanOut = "preflight: no service \"myapp\" exists; it can be installed\r\n" +
		"service \"myapp\": start type set to auto\r\n" +
		"configured service \"myapp\"\r\n"
	// Wine 8.0 when the action's program could not be started (measured with
	// a package whose ConfigureService runs a file that is not a program):
	// the action "succeeds", and only preflight printed anything.
	configureSkippedOut = "preflight: no service \"myapp\" exists; it can be installed\r\n"
)

func TestConfigureSkipped(t *testing.T) {
	for _, c := range []struct {
		name, log, output string
		want              bool
	}{
		{"configure ran", configureRanLog, configureRanOut, false},
		{"success logged, configure printed nothing", configureRanLog, configureSkippedOut, true},
		{"no output at all", configureRanLog, "", true},
		{"another service configured", configureRanLog, "configured service \"myapp2\"\r\n", true},
		{"configure failed (Wine logs 0)", "Action ended 9:06:45: ConfigureService. Return value 0.\n", configureSkippedOut, false},
		{"configure not scheduled (uninstall)", "Action ended 9:13:49: INSTALL. Return value 1.\n", "", false},
	} {
		if got := ConfigureSkipped(c.log, c.output, "myapp"); got != c.want {
			t.Errorf("%s: ConfigureSkipped = %v, want %v", c.name, got, c.want)
		}
	}
}
