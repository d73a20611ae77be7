package sign_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/sign"
)

// TestDescriptionIsTheCallers: the signature names the program the caller
// gives (the product file's signing.description) and, given none, no
// program at all — never a name the pipeline made up.
func TestDescriptionIsTheCallers(t *testing.T) {
	ctx := context.Background()
	pfx, _ := testCert(t, "svcpack")
	for _, desc := range []string{"Contoso Agent", ""} {
		exe := windowsExe(t)
		if err := (&sign.Signer{PFX: pfx, Password: "test-password", Description: desc}).File(ctx, exe); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command("osslsigncode", "verify", "-in", exe).CombinedOutput()
		var name string
		for _, line := range strings.Split(string(out), "\n") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Text description:"); ok {
				name = strings.TrimSpace(v)
			}
		}
		if desc != "" && name != desc {
			t.Errorf("signed with description %q: osslsigncode shows %q\n%s", desc, name, out)
		}
		if desc == "" && name != "" && name != "<NULL>" {
			t.Errorf("signed without a description: osslsigncode shows %q\n%s", name, out)
		}
	}
}
