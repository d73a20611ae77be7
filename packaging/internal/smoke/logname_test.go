//go:build !windows

package smoke

import (
	"regexp"
	"strings"
	"testing"
)

// TestLogNameIsOneWindowsAccepts: the names subtests get from svcpack.yaml's
// examples and the hostile values become file names of allowed characters
// only, bounded, never empty.
func TestLogNameIsOneWindowsAccepts(t *testing.T) {
	allowed := regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)
	for name, want := range map[string]string{
		"TestBadExamples/LISTEN=127.0.0.1:8080\t--exe":   "TestBadExamples_LISTEN_127_0_0_1_8080_--exe",
		`TestGoodExamples/INSTALLFOLDER=D:\Services\app`: "TestGoodExamples_INSTALLFOLDER_D__Services_app",
		`TestHostile/"quoted"*?<>|`:                      "TestHostile__quoted______",
		"TestX/CON.":                                     "TestX_CON_",
		"TestÜnicode/é":                                  "Test_nicode__",
		"":                                               "case",
	} {
		if got := logName(name); got != want || !allowed.MatchString(got) {
			t.Errorf("logName(%q) = %q, want %q", name, got, want)
		}
	}
	long := "TestNoPropertyReachesACommandLine/" + strings.Repeat("\\\"", 15000)
	if got := logName(long); len(got) != maxLogName || !allowed.MatchString(got) {
		t.Errorf("logName of a 30,000-character name: %d bytes %q", len(got), got)
	}
}
