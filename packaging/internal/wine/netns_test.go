package wine

import (
	"slices"
	"strings"
	"testing"
)

// TestEnterArgsEntersOnlyPrefixNamespaces: wineexec takes the namespace from
// its environment, so only the names newNetns gives are entered; another
// process's namespace, a path outside /run/netns or one that climbs out of
// it is refused before anything runs.
func TestEnterArgsEntersOnlyPrefixNamespaces(t *testing.T) {
	argv := []string{"wine", "x.exe"}
	got, err := EnterArgs("", argv...)
	if err != nil || !slices.Equal(got, argv) {
		t.Fatalf("EnterArgs(\"\") = %q, %v; want argv unchanged", got, err)
	}
	ours := "/run/netns/svcpack-0123456789ab"
	got, err = EnterArgs(ours, argv...)
	if want := []string{"nsenter", "--net=" + ours, "--", "wine", "x.exe"}; err != nil || !slices.Equal(got, want) {
		t.Fatalf("EnterArgs(%q) = %q, %v; want %q", ours, got, err, want)
	}
	for _, bad := range []string{
		"/proc/1/ns/net",
		"/run/netns/other",
		"/run/netns/svcpack-0123456789AB",
		"/run/netns/svcpack-0123456789abc",
		"/run/netns/../netns/svcpack-0123456789ab",
		"/run/netns//svcpack-0123456789ab",
		"run/netns/svcpack-0123456789ab",
		"/run/netns/svcpack-0123456789ab/",
		"/run/netns/svcpack-0123456789ab\n",
		"/tmp/run/netns/svcpack-0123456789ab",
	} {
		got, err := EnterArgs(bad, argv...)
		if err == nil {
			t.Errorf("EnterArgs(%q) = %q; want it refused", bad, got)
			continue
		}
		if !strings.Contains(err.Error(), EnvNetns) {
			t.Errorf("EnterArgs(%q): %v; want the message to name %s", bad, err, EnvNetns)
		}
	}
}
