package smoke

import "testing"

func TestDecodeLog(t *testing.T) {
	utf16 := []byte{0xFF, 0xFE, 'o', 0, 'k', 0, '\r', 0, '\n', 0, 0xE9, 0} // "ok\r\né"
	if got := DecodeLog(utf16); got != "ok\né" {
		t.Errorf("UTF-16 log decoded as %q", got)
	}
	if got := DecodeLog([]byte("a\r\nb\n")); got != "a\nb\n" {
		t.Errorf("ANSI log decoded as %q", got)
	}
}

// TestActionFailed: the configure action's failure is found in Windows'
// log (return value 3) and Wine's (0); its success, and another action
// ending with 0 (as MigrateFeatureStates does under Wine on every run), are
// not taken for it.
func TestActionFailed(t *testing.T) {
	windows := "Action ended 10:01:02: InstallServices. Return value 1.\n" +
		"CustomAction ConfigureService returned actual error code 3 (note this may not be 100% accurate if translation happened inside sandbox)\n" +
		"Action ended 10:01:03: ConfigureService. Return value 3.\n" +
		"Action ended 10:01:04: INSTALL. Return value 3.\n"
	wine := "Action ended 5:51:22: MigrateFeatureStates. Return value 0.\n" +
		"Action ended 5:48:18: ConfigureService. Return value 0.\n" +
		"Action ended 5:48:18: INSTALL. Return value 0.\n"
	ok := "Action ended 5:51:22: MigrateFeatureStates. Return value 0.\n" +
		"Action ended 5:48:17: ConfigureService. Return value 1.\nAction ended 5:48:17: INSTALL. Return value 1.\n"
	for name, c := range map[string]struct {
		log  string
		want bool
	}{
		"windows": {windows, true}, "wine": {wine, true}, "success": {ok, false},
		"another action's name ending the same": {"Action ended 1:02:03: PreConfigureService. Return value 3.\n", false},
	} {
		if got := actionFailed(c.log, "ConfigureService"); got != c.want {
			t.Errorf("%s: actionFailed = %v, want %v", name, got, c.want)
		}
	}
}
