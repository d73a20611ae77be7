package bench

import "testing"

func TestRequiredVersion(t *testing.T) {
	block := "module m\n\ngo 1.26\n\nrequire (\n\tgithub.com/kardianos/service v1.3.0\n\tgolang.org/x/sys v0.34.0 // indirect\n)\n"
	single := "module m\n\nrequire github.com/kardianos/service v1.2.4\n"
	for gomod, want := range map[string]string{block: "v1.3.0", single: "v1.2.4", "module m\n": "(version unknown)"} {
		if got := requiredVersion(gomod, "github.com/kardianos/service"); got != want {
			t.Errorf("requiredVersion(%q) = %q, want %q", gomod, got, want)
		}
	}
}
